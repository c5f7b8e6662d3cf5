// The core's public surface: everything adapters may import.
export type { Answer, Card, CardField, ChatAnswer, Figure, SourceRef, Status, Unit } from './answer/types.js';
export type { Bot, Suggestion } from './bot.js';
export type { Context } from './conversation/context.js';
export { emptyContext } from './conversation/context.js';
export { ContextStore } from './conversation/store.js';
export { createBot } from './ask.js';
export { loadKnowledge, KnowledgeError } from './knowledge/load.js';
export { renderText } from './answer/render-text.js';
export { toJson } from './answer/json.js';
