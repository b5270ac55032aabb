/** What a refill does, said beside every Refill field. */
export const REFILL_HINT = "At each refill the balance is set to the refill amount (00:00 UTC).";

/** The options of a Refill select: none, daily or monthly. */
export function RefillIntervalOptions() {
  return (
    <>
      <option value="none">No refill</option>
      <option value="daily">Daily</option>
      <option value="monthly">Monthly</option>
    </>
  );
}
