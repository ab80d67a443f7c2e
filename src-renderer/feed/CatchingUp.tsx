// Says so when more flows arrive than the window can draw: it keeps showing the newest and drops
// the versions in between (flow-intake.ts) instead of falling behind in silence.
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';

export function CatchingUp() {
  const model = useFeedModel();
  const catchingUp = useCell(model.catchingUp);
  if (!catchingUp) return null;
  return (
    <div className="catching-up" role="status" title="More flows arrive than this window can draw: it shows the newest version of each and skips the ones in between" data-testid="feed-catching-up">
      Catching up
    </div>
  );
}
