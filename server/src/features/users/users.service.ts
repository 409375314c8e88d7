import mongoose, { Types } from 'mongoose';
import type { UpdateMeBody } from '@polos/shared';
import { invalid } from '../../lib/errors';
import { District, type DistrictDoc } from '../districts/district.model';
import { User, type UserDoc } from './user.model';

export function findUserById(id: Types.ObjectId | string): Promise<UserDoc | null> {
  return User.findById(id).lean<UserDoc>().exec();
}

export function findUserByEmail(email: string): Promise<UserDoc | null> {
  return User.findOne({ email }).lean<UserDoc>().exec();
}

/** Users and their districts by id, for presenting members and presence. */
export async function loadUsersWithDistricts(
  ids: Types.ObjectId[],
): Promise<Map<string, { user: UserDoc; district: DistrictDoc | null }>> {
  const users = await User.find({ _id: mongoose.trusted({ $in: ids }) })
    .lean<UserDoc[]>()
    .exec();
  const districtIds = [...new Set(users.flatMap((u) => (u.districtId ? [u.districtId.toHexString()] : [])))];
  const districts = districtIds.length
    ? await District.find({ _id: mongoose.trusted({ $in: districtIds.map((id) => new Types.ObjectId(id)) }) })
        .lean<DistrictDoc[]>()
        .exec()
    : [];
  const byId = new Map(districts.map((d) => [d._id.toHexString(), d]));
  return new Map(
    users.map((user) => [
      user._id.toHexString(),
      { user, district: user.districtId ? (byId.get(user.districtId.toHexString()) ?? null) : null },
    ]),
  );
}

/** The ids of the users among `among` whose district is `districtId` (its representatives). */
export async function userIdsOfDistrict(
  districtId: Types.ObjectId,
  among: Types.ObjectId[],
): Promise<Types.ObjectId[]> {
  const users = await User.find({ districtId, _id: mongoose.trusted({ $in: among }) }, { _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>()
    .exec();
  return users.map((u) => u._id);
}

export async function updateMe(userId: Types.ObjectId, body: UpdateMeBody): Promise<UserDoc> {
  const set: Partial<Pick<UserDoc, 'name' | 'locale' | 'districtId'>> = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.locale !== undefined) set.locale = body.locale;
  if (body.districtId !== undefined) {
    if (body.districtId !== null && !(await District.exists({ _id: body.districtId })))
      throw invalid('Unknown district');
    set.districtId = body.districtId === null ? null : new Types.ObjectId(body.districtId);
  }
  const user = await User.findOneAndUpdate({ _id: userId }, { $set: set }, { returnDocument: 'after' })
    .lean<UserDoc>()
    .exec();
  if (!user) throw invalid('Unknown user');
  return user;
}

/** Erases the user document (account deletion, GDPR art. 17; privacy calls it last). Idempotent. */
export async function eraseUser(userId: Types.ObjectId): Promise<void> {
  await User.deleteOne({ _id: userId }).exec();
}
