// poll.js: the short polling transport, `…/inbox/poll?after=N` every `pollInterval`, at once while
// the server says `more`. stop() aborts the poll in flight, and no poll is sent after it.

export async function openPoll(context) {
  const abort = new AbortController();
  let timer = null;
  let everAnswered = false;
  const connection = {
    name: "poll",
    start() {
      const once = async () => {
        try {
          const answer = await context.server.json(`inbox/poll?after=${context.after()}`, { signal: abort.signal });
          if (!context.isCurrent(connection)) return;
          if (!everAnswered) {
            everAnswered = true;
            context.healthy();
            context.report("open");
          }
          for (const event of answer.events) await context.receive(event);
          if (!context.isCurrent(connection)) return; // stopped meanwhile (a reset reloads the listing)
          timer = setTimeout(once, answer.more ? 0 : context.options.pollInterval);
        } catch (error) {
          context.ended(connection, everAnswered, error);
        }
      };
      once();
    },
    stop() {
      clearTimeout(timer);
      abort.abort(); // the poll in flight, if any
    },
  };
  return connection;
}
