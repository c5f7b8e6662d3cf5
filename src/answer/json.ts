import { renderText } from './render-text.js';
import type { Answer, Status } from './types.js';

/** The `ask --json` contract: values as plain signed decimal strings in base units. */
export interface AnswerJson {
  status: Status;
  text: string;
  answers: { company: string; metric: string; period: string; value: string; unit: string; derived: boolean }[];
  suggestions: string[];
}

export function toJson(answer: Answer): AnswerJson {
  return {
    status: answer.status,
    text: renderText(answer),
    answers:
      answer.status === 'answered'
        ? answer.figures.map((f) => ({ company: f.company, metric: f.metric, period: f.period, value: f.value.toFixed(), unit: f.unit, derived: f.derived }))
        : [],
    suggestions: answer.suggestions,
  };
}
