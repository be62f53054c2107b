import type { Area } from '../areas';

export const auditorArea: Area = { routes: [], nav: [] };
