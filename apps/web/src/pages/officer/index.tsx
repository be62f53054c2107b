import type { Area } from '../areas';

export const officerArea: Area = { routes: [], nav: [] };
