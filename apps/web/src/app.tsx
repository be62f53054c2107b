import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Outlet, RouterProvider, type RouteObject } from 'react-router-dom';
import { ApiError } from './api/problem';
import { Home, RequireSession } from './auth/guards';
import { SessionProvider } from './auth/session';
import { SignInPage } from './auth/sign-in-page';
import { Layout } from './components/layout';
import { NotFoundContent } from './components/ui';
import { accountArea } from './pages/account';
import { adminArea } from './pages/admin';
import type { Area } from './pages/areas';
import { auditorArea } from './pages/auditor';
import { coordinatorArea } from './pages/coordinator';
import { liaisonArea } from './pages/liaison';
import { notificationsArea } from './pages/notifications';
import { officerArea } from './pages/officer';
import { searchArea } from './pages/search';
import { statisticsArea } from './pages/statistics';

const areas: Area[] = [
  officerArea,
  coordinatorArea,
  liaisonArea,
  auditorArea,
  statisticsArea,
  adminArea,
  notificationsArea,
  accountArea,
  searchArea,
];

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Show what is known at once and refresh it behind; refetch when the person comes back.
      staleTime: 15_000,
      // "Not found", "no access" and bad input do not get better by asking again.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});

const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/session-expired', element: <SignInPage expired /> },
  {
    element: (
      <RequireSession>
        <Outlet />
      </RequireSession>
    ),
    children: [
      {
        element: <Layout nav={areas.flatMap((a) => a.nav)} />,
        children: [
          { index: true, element: <Home /> },
          ...areas.flatMap((a) => a.routes),
          { path: '*', element: <NotFoundContent /> },
        ],
      },
    ],
  },
];

const router = createBrowserRouter(routes);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  );
}
