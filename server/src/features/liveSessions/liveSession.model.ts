import mongoose, { Schema, type Types } from 'mongoose';

export interface QuestionTimeDoc {
  questionId: Types.ObjectId;
  openedAt: Date;
  closedAt: Date | null;
}

export interface LiveSessionDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  title: string;
  startedAt: Date;
  /** null while running; at most one running session per workspace. */
  endedAt: Date | null;
  startedBy: Types.ObjectId;
  moderators: Types.ObjectId[];
  currentBlockId: Types.ObjectId | null;
  currentQuestionId: Types.ObjectId | null;
  spotlight: { questionId: Types.ObjectId; postId: Types.ObjectId } | null;
  /** Each question's open/close times during this session. */
  questionTimes: QuestionTimeDoc[];
}

const liveSessionSchema = new Schema<LiveSessionDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  title: { type: String, required: true, maxlength: 200 },
  startedAt: { type: Date, required: true },
  endedAt: { type: Date, default: null },
  startedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  moderators: { type: [Schema.Types.ObjectId], default: [] },
  currentBlockId: { type: Schema.Types.ObjectId, default: null },
  currentQuestionId: { type: Schema.Types.ObjectId, default: null },
  spotlight: {
    type: new Schema(
      {
        questionId: { type: Schema.Types.ObjectId, required: true },
        postId: { type: Schema.Types.ObjectId, required: true },
      },
      { _id: false },
    ),
    default: null,
  },
  questionTimes: {
    type: [
      new Schema<QuestionTimeDoc>(
        {
          questionId: { type: Schema.Types.ObjectId, required: true },
          openedAt: { type: Date, required: true },
          closedAt: { type: Date, default: null },
        },
        { _id: false },
      ),
    ],
    default: [],
  },
});
liveSessionSchema.index({ workspaceId: 1, startedAt: -1 });

export const LiveSession = mongoose.model<LiveSessionDoc>('LiveSession', liveSessionSchema);
