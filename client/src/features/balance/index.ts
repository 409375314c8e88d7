/** The balance feature's public entry: the dashboard page (lazy) and the moderators' live warning banner. */
export { BalanceWarningBanner } from './BalanceWarningBanner';
export const loadBalancePage = () => import('./BalancePage');
export { regionLabel } from './regionLabel';
