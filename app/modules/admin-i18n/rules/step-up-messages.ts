// StepUpError's reason -> its sentence in the staff member's language, for stepUpRefusal's `message`
// (the step-up modal itself reads `stepUp`). Server-only section `stepUpAnswer`; kept apart from
// mfa-messages.ts, which pages import, so that no page is counted as showing these keys. Pure.
import type { StepUpReason } from "../../mfa/rules/policy";

export const STEP_UP_ANSWER_KEYS: Record<StepUpReason, string> = {
  step_up_required: "stepUpAnswer.required",
  enrollment_required: "stepUpAnswer.enrollmentRequired",
};
