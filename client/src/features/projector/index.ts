/** Projector view (issue 12.5): lazy-loaded page for the room's shared screen (its strings load with the nav link). */
import './projectorStrings';

export const loadProjectorPage = () => import('./ProjectorPage');
