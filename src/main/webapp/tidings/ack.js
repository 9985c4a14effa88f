// ack.js: acknowledgements. The publisher sees a notification "delivered" once a connection of the
// user says it got that far; one acknowledgement per 250 ms covers every event received meanwhile.

/**
 * @param {object} how
 * @param {boolean} how.enabled false: never acknowledge
 * @param {function():(number|null)} how.seq how far the client has received now
 * @param {function(number):(boolean|undefined|Promise<boolean>)} how.send sends one acknowledgement;
 *        false (or a rejection) means it did not arrive, so the next one repeats it
 * @param {number} [how.delay] the wait that gathers events into one acknowledgement (ms)
 */
export function createAcks({ enabled, seq, send, delay = 250 }) {
  let acked = 0;      // the highest seq the server has confirmed
  let timer = null;
  let stopped = false;

  function flush() {
    timer = null;
    const upTo = seq();
    if (stopped || upTo === null || upTo <= acked) return;
    Promise.resolve(send(upTo)).then((ok) => {
      if (ok !== false) acked = Math.max(acked, upTo);
    }, () => {});
  }

  return {
    /** Something new arrived: acknowledge it (with whatever else arrives) after `delay`. */
    schedule() {
      if (!enabled || timer !== null || stopped) return;
      timer = setTimeout(flush, delay);
    },
    /** The cursor starts over (from a listing): what was acknowledged before says nothing now. */
    reset() {
      acked = 0;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = null;
    },
  };
}
