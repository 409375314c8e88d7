/**
 * The profiles feature's public entry (Block 1 "Profiles of the Polos"): the block panel, the directory, a
 * profile page and compare. Each is a default export of its own module, loaded lazily by the workspace routes;
 * importing this entry registers the feature's strings (the nav link's label).
 */
import './profileStrings';

export const loadProfilesBlockPanel = () => import('./ProfilesBlockPanel');
export const loadDirectoryPage = () => import('./DirectoryPage');
export const loadProfilePage = () => import('./ProfilePage');
export const loadComparePage = () => import('./ComparePage');
