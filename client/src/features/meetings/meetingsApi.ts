import type {
  MeetingDto,
  MeetingEventBody,
  MeetingEventDto,
  MeetingEventPatch,
  MeetingEventListDto,
  MeetingOutcomeBody,
  MeetingRequestBody,
  MeetingScheduleBody,
  MeetingScheduleDto,
} from '@polos/shared';
import { api } from '../../api/http';

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/meetings`;
const enc = encodeURIComponent;

/** The REST calls of C2C meetings (docs/API.md, "C2C meetings"); each throws `ApiError`. */
export const meetingsApi = {
  events: (w: string) => api<MeetingEventListDto>('GET', `${base(w)}/events`),
  createEvent: (w: string, body: MeetingEventBody) => api<MeetingEventDto>('POST', `${base(w)}/events`, body),
  updateEvent: (w: string, eventId: string, patch: MeetingEventPatch) =>
    api<MeetingEventDto>('PATCH', `${base(w)}/events/${enc(eventId)}`, patch),
  cancelEvent: (w: string, eventId: string) =>
    api<MeetingEventDto>('POST', `${base(w)}/events/${enc(eventId)}/cancel`),
  schedule: (w: string, eventId: string) =>
    api<MeetingScheduleDto>('GET', `${base(w)}/events/${enc(eventId)}`),
  request: (w: string, eventId: string, body: MeetingRequestBody) =>
    api<MeetingDto>('POST', `${base(w)}/events/${enc(eventId)}/meetings`, body),
  book: (w: string, eventId: string, body: MeetingScheduleBody) =>
    api<MeetingDto>('POST', `${base(w)}/events/${enc(eventId)}/schedule`, body),
  accept: (w: string, meetingId: string) => api<MeetingDto>('POST', `${base(w)}/${enc(meetingId)}/accept`),
  propose: (w: string, meetingId: string, slot: number) =>
    api<MeetingDto>('POST', `${base(w)}/${enc(meetingId)}/propose`, { slot }),
  cancel: (w: string, meetingId: string) => api<MeetingDto>('POST', `${base(w)}/${enc(meetingId)}/cancel`),
  outcome: (w: string, meetingId: string, body: MeetingOutcomeBody) =>
    api<MeetingDto>('PUT', `${base(w)}/${enc(meetingId)}/outcome`, body),
  icsPath: (w: string, eventId: string, districtId: string, lang: string) =>
    `${base(w)}/events/${enc(eventId)}/districts/${enc(districtId)}/meetings.ics?lang=${enc(lang)}`,
};
