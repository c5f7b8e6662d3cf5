/**
 * What a conversation has established so far, so that a follow-up ("and the year before?", "what about ROE?",
 * "how much did it fall?") can reuse it. Plain data: adapters keep it per thread, DM or channel.
 */
export interface Context {
  company?: string; // stock code of the company last talked about, when it was one
  // The companies in play when there were several: those of the last answer ("compare A and B"), or the last two
  // talked about in turn ("A's revenue?", "how about B?"), so that "which is bigger?" can rank them.
  companies?: string[];
  metrics: string[]; // metric ids of the last question
  period?: string; // the last period asked about (flow key such as "FY2023", or a balance date)
  intent?: string; // the last intent: value, change, or rank (companies set against each other)
  unknown?: string; // a company last asked about that there are no results for: "and net profit?" is about it too
}

export const emptyContext = (): Context => ({ metrics: [] });
