/**
 * A card sliding into a reader slot (or out of it), drawn and animated in CSS only. Always laid
 * out left to right: it is a picture of the physical card, whose chip does not move to the other
 * side when the screen is in Arabic (issue 15, item 10).
 */
export function CardIllustration({ direction = 'in' }: { direction?: 'in' | 'out' }) {
  return (
    <div className={`card-anim card-anim--${direction}`} dir="ltr" aria-hidden="true">
      <div className="card-anim__card">
        <span className="card-anim__chip" />
        <span className="card-anim__line" />
        <span className="card-anim__line card-anim__line--short" />
      </div>
      <div className="card-anim__reader">
        <span className="card-anim__slot" />
        <span className="card-anim__led" />
      </div>
    </div>
  );
}

export function Spinner() {
  return <span className="spinner spinner--large" aria-hidden="true" />;
}
