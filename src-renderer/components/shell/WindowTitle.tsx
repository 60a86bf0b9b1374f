import { useIncidents, useUi } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { useWindowTitle } from '../../hooks/useWindowTitle';

/** Renders nothing: names the window after what needs the responder (see `windowTitle`). */
export function WindowTitle() {
  const incidents = useIncidents((state) => state.incidents);
  const route = useUi((state) => state.route);
  const onScreen = useIncidents((state) => (route.name === 'incident' ? (state.details[route.id]?.incident ?? null) : null));
  useWindowTitle(incidents, onScreen, useNow());
  return null;
}
