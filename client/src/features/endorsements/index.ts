/** Endorsement rounds on the conclusions (issue 12.2): the panel shown on a conclusions draft's page. */
export { EndorsementPanel, type EndorsementPanelProps } from './EndorsementPanel';
