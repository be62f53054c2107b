import { AddCaseNote } from './add-case-note';
import { ApproveRouting } from './approve-routing';
import { AssignCase } from './assign-case';
import { CaseMerging } from './case-merging';
import { CaseTransitions } from './case-transitions';
import { CaseViews } from './case-views';
import { CloseCase } from './close-case';
import { DismissSuggestion } from './dismiss-suggestion';
import { LinkReferral } from './link-referral';
import { MergeCase } from './merge-case';
import { ProposeRouting } from './propose-routing';
import { RejectCase } from './reject-case';
import { ReopenCase } from './reopen-case';
import { RequestInfo } from './request-info';
import { SendBack } from './send-back';

export {
  AddCaseNote,
  ApproveRouting,
  AssignCase,
  CaseViews,
  CloseCase,
  DismissSuggestion,
  LinkReferral,
  MergeCase,
  ProposeRouting,
  RejectCase,
  ReopenCase,
  RequestInfo,
  SendBack,
};

/** The case workflow's steps and what they share; registered by CasesModule. */
export const CASE_COMMANDS = [
  CaseTransitions,
  CaseViews,
  CaseMerging,
  AssignCase,
  AddCaseNote,
  RequestInfo,
  LinkReferral,
  DismissSuggestion,
  MergeCase,
  ProposeRouting,
  ApproveRouting,
  SendBack,
  RejectCase,
  ReopenCase,
  CloseCase,
];
