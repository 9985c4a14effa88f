// longpoll.js: the long polling transport. One short poll first (`…/inbox/poll?after=N`: it
// answers at once, so the way is proven and the backlog caught up), then `…/inbox/longpoll?after=N`
// in a loop, each from the cursor as it is then.

import { stoppingHint } from "../ending.js";

export async function openLongPoll(context) {
  const abort = new AbortController();
  let everAnswered = false;
  const connection = {
    name: "longpoll",
    async start() {
      try {
        let path = "poll";
        while (context.isCurrent(connection)) {
          const answer = await context.server.json(`inbox/${path}?after=${context.after()}`, { signal: abort.signal });
          if (!everAnswered) {
            everAnswered = true;
            context.healthy();
            context.report("open");
          }
          for (const event of answer.events) await context.receive(event);
          if (answer.retry !== undefined) { // the server is stopping: come back when it said
            context.ended(connection, true, Object.assign(new Error("the server is stopping"), stoppingHint(answer.retry)));
            return;
          }
          path = answer.more ? "poll" : "longpoll"; // a backlog larger than one answer: at once
        }
      } catch (error) {
        context.ended(connection, everAnswered, error);
      }
    },
    stop: () => abort.abort(),
  };
  return connection;
}
