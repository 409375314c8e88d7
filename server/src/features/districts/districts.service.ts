import type { Types } from 'mongoose';
import { District, type DistrictDoc } from './district.model';

export function listDistricts(): Promise<DistrictDoc[]> {
  return District.find({}).sort({ regionGroup: 1, country: 1, name: 1 }).lean<DistrictDoc[]>().exec();
}

export function findDistrict(id: Types.ObjectId | string | null | undefined): Promise<DistrictDoc | null> {
  if (!id) return Promise.resolve(null);
  return District.findById(id).lean<DistrictDoc>().exec();
}
