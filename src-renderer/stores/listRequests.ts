/** Rows per page of a paged incident list. */
export const pageSize = 200;
export { firstListInput, openWhole } from '../../src-main/domain/incidents/dashboardList';
