// Reports who wrapped `Chat.Completions.prototype.create` of an openai module: walks the
// chain of wrappers (shimmer's `__original`, Lamplight's registered symbol) from the top.
const OURS = Symbol.for('@lamplight/openai/original');

function patchState(OpenAI) {
  const order = [];
  let fn = OpenAI.Chat.Completions.prototype.create;
  for (let i = 0; i < 5 && typeof fn === 'function'; i++) {
    if (fn[OURS]) {
      order.push('lamplight');
      fn = fn[OURS];
    } else if (fn.__original) {
      order.push('foreign');
      fn = fn.__original;
    } else break;
  }
  return order;
}
module.exports = { patchState };
