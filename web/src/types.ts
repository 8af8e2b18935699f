// The shapes of the API's JSON (README "The API at a glance").
export type CaseKind = 'complaint' | 'request' | 'aspiration' | 'information';
export const CASE_KINDS: CaseKind[] = ['complaint', 'request', 'aspiration', 'information'];

export type CaseStatus =
  | 'received'
  | 'verified'
  | 'needs_info'
  | 'rejected'
  | 'disposed'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'merged';
export const CASE_STATUSES: CaseStatus[] = [
  'received',
  'verified',
  'needs_info',
  'rejected',
  'disposed',
  'in_progress',
  'resolved',
  'closed',
  'merged',
];

// awaiting_calendar: a stage runs but its deadline reaches a year whose
// holiday calendar (SKB 3 Menteri) is not installed yet.
export type DeadlineState = 'none' | 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'awaiting_calendar';
export const DEADLINE_FILTERS: DeadlineState[] = ['on_track', 'due_soon', 'overdue', 'paused', 'awaiting_calendar'];

export const REJECT_REASONS = ['incomplete', 'out_of_scope', 'duplicate', 'abusive'] as const;

// A question a service asks besides the description (Open311 attribute).
export type AttributeType =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

export interface ServiceAttribute {
  code: string;
  variable: boolean; // false: a note to read, no answer expected
  datatype: AttributeType;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
  personal?: boolean; // about the reporter: never shown to the public
}

export interface Standard {
  version: number;
  effective_from: string;
  attributes?: ServiceAttribute[];
  requirements: string[];
  procedure: string[];
  completion_days: number;
  cost: string;
  product: string;
  complaint_channel: string;
}

export interface Service {
  code: string;
  name: string;
  agency_code: string;
  group: string;
  description: string;
  keywords: string[];
  kinds: CaseKind[];
  active: boolean;
  standard: Standard;
  versions?: { version: number; effective_from: string; change_note: string }[];
}

// A category of the Pemda's taxonomy (issue 8): a main category
// (parent_code "") or one of its sub-categories.
export interface Category {
  code: string;
  name: string;
  parent_code: string;
  active: boolean;
}

export interface Agency {
  code: string;
  name: string;
  kind: string;
  region_code: string;
  parent_code: string;
}

export interface Region {
  code: string;
  name: string;
  level: number;
  parent_code: string;
  centroid?: { lat: number; lng: number };
}

export interface Deadline {
  stage: string | null;
  state: DeadlineState;
  paused: boolean;
  escalation_level: number;
  due_at: string | null;
  reopen_until?: string;
}

export interface CaseEvent {
  at: string;
  kind: string;
  actor: string;
  // An officer actor's full name, for officers only (absent when none is set).
  actor_name?: string;
  public?: boolean;
  status?: string;
  payload?: Record<string, unknown> | null;
}

export interface Attachment {
  name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  // What the upload answered: the proof a case or action may name the file with.
  upload_token?: string;
}

// A reporter's rating of one resolution of their case (1 for the first).
export interface CaseRating {
  stars: number;
  comment: string;
  rated_at: string;
  resolution: number;
}

export interface CaseView {
  tracking_code: string;
  kind: CaseKind;
  status: CaseStatus;
  title: string;
  description: string;
  category: string;
  location: { lat?: number; lng?: number; region_code?: string; address?: string };
  anonymous: boolean;
  confidential: boolean;
  channel: string;
  agency_code: string;
  created_at: string;
  updated_at: string;
  version: number;
  service: { code: string; name: string; version: number } | null;
  reporter?: { name: string; phone: string; email: string; nik: string };
  // The reporter's rating of the handling (issue 6), one per resolution: for
  // the agency and the reporter, absent from the public view. `rating` is of
  // the answer as it stands (null until given, and while a reopen has set
  // the answer aside); `earlier_ratings` of answers a reopen set aside.
  rating?: CaseRating | null;
  earlier_ratings?: CaseRating[];
  attachments?: Attachment[];
  timeline: CaseEvent[];
  deadline: Deadline;
  handling?: {
    assignee: string;
    verifier: string;
    supporting: { agency_code: string; input_requested: boolean }[];
    reject_reason: string;
    // Raised by policy rules (issue 10).
    priority?: 'normal' | 'high' | 'urgent';
  };
  reject_reason?: string;
  supporters?: number;
  // The answers to the service's questions, by question code.
  attributes?: Record<string, string[]>;
  // Officers only (issue 5): where the point lies and what the routing
  // rules propose. Possible duplicates come from GET .../{code}/nearby.
  routing?: Routing;
}

export interface Routing {
  kelurahan_code: string;
  kecamatan_code: string;
  outside_pemda: boolean;
  stated_region_code?: string;
  proposed_disposition: { agency_code: string; rule: string } | null;
  // Routing by text (issue 8): null until the classifier has read the case.
  text_suggestion?: TextSuggestion | null;
}

// What the text classifier proposes: its top agencies (agency_code "" for
// a label that is not one of the Pemda's agencies), the words that weighed
// most, and its proposal (null when it leaves the case to the verifier).
export interface TextSuggestion {
  model: string;
  decision: 'auto' | 'propose' | 'human';
  agency_code: string | null;
  top: { agency_code: string; label?: string; probability: number }[];
  words: string[];
  at: string;
  // The category model's proposal, when the Pemda has one (issue 8).
  category?: CategorySuggestion | null;
}

// What the category model proposes: its top categories (category_code ""
// for a label that is not in the Pemda's taxonomy) and its proposal.
export interface CategorySuggestion {
  model: string;
  category_code: string | null;
  top: { category_code: string; label?: string; probability: number }[];
}

// An open case of the same service near a point (GET /api/v1/cases/nearby).
export interface NearbyCase {
  tracking_code: string;
  title: string;
  status: CaseStatus;
  service_code: string;
  service_name: string;
  created_at: string;
  supporters: number;
  distance_m: number;
  similarity: number;
}

export interface Timeline {
  tracking_code: string;
  status: CaseStatus;
  version: number;
  deadline: Deadline;
  events: CaseEvent[];
  allowed_actions?: string[];
}

export interface CaseSummary {
  tracking_code: string;
  kind: CaseKind;
  status: CaseStatus;
  title: string;
  service_code: string;
  service_name: string;
  agency_code: string;
  region_code: string;
  anonymous: boolean;
  confidential: boolean;
  channel: string;
  created_at: string;
  updated_at: string;
  deadline: Deadline;
  version: number;  // for If-Match
}

export interface Receipt {
  tracking_code: string;
  status: string;
  created_at: string;
  reporter_secret: string;
}

export interface Principal {
  username: string;
  role: string;
  agency_code: string;
  csrf_token?: string;
}
