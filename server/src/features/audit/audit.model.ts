import mongoose, { Schema, type Types } from 'mongoose';

/** Who did what to what, when. Append-only: updates and deletes throw. */
export interface AuditDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  actorId: Types.ObjectId;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  at: Date;
}

const auditSchema = new Schema<AuditDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  actorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  actorName: { type: String, required: true },
  action: { type: String, required: true },
  targetType: { type: String, required: true },
  targetId: { type: String, required: true },
  data: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, default: () => new Date() },
});
auditSchema.index({ workspaceId: 1, _id: -1 });

const appendOnly = () => {
  throw new Error('Audit entries are append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  auditSchema.pre(op, appendOnly);
}

export const AuditEntry = mongoose.model<AuditDoc>('AuditEntry', auditSchema);
