import type { Area } from '../areas';

export const liaisonArea: Area = { routes: [], nav: [] };
