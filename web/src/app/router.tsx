import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireRole } from '../auth/RequireRole';
import { RequireSignIn } from '../auth/RequireSignIn';
import { SignInPage } from '../auth/SignInPage';
import { HomeRedirect } from '../auth/HomeRedirect';
import { AppLayout } from '../layout/AppLayout';
import { NotFoundPage } from '../layout/NotFoundPage';

// Every screen but the shell and sign-in is its own chunk, loaded when first visited, so the
// first load stays small (budget in docs/web.md).
const TemplatesPage = lazy(() => import('../templates/TemplatesPage'));
const LinksPage = lazy(() => import('../links/LinksPage'));
const TemplateDetailPage = lazy(() => import('../templates/TemplateDetailPage'));
const VersionPage = lazy(() => import('../versions/VersionPage'));
const EditorPage = lazy(() => import('../editor/EditorPage'));
const ComparePage = lazy(() => import('../editor/compare/ComparePage'));
const DataSourcesPage = lazy(() => import('../datasources/DataSourcesPage'));
const RequestTypesPage = lazy(() => import('../requesttypes/RequestTypesPage'));
const ApiKeysPage = lazy(() => import('../keys/ApiKeysPage'));
const AuditPage = lazy(() => import('../audit/AuditPage'));
const InboxPage = lazy(() => import('../inbox/InboxPage'));
const TaskPage = lazy(() => import('../inbox/TaskPage'));
const ExecutionsPage = lazy(() => import('../executions/ExecutionsPage'));
const ExecutionPage = lazy(() => import('../executions/ExecutionPage'));
const ServiceNotePage = lazy(() => import('../auth/ServiceNotePage'));

const admin = (page: ReactNode) => <RequireRole roles={['admin']}>{page}</RequireRole>;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireSignIn>
        <AppLayout />
      </RequireSignIn>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'workflows', element: admin(<TemplatesPage />) },
      { path: 'workflows/links', element: admin(<LinksPage />) },
      { path: 'workflows/:templateId', element: admin(<TemplateDetailPage />) },
      { path: 'workflows/:templateId/versions/:versionId', element: admin(<VersionPage />) },
      { path: 'workflows/:templateId/versions/:versionId/edit', element: admin(<EditorPage />) },
      { path: 'workflows/:templateId/compare', element: admin(<ComparePage />) },
      { path: 'data-sources', element: admin(<DataSourcesPage />) },
      { path: 'request-types', element: admin(<RequestTypesPage />) },
      { path: 'api-keys', element: admin(<ApiKeysPage />) },
      { path: 'audit', element: admin(<AuditPage />) },
      { path: 'inbox', element: <RequireRole roles={['admin', 'agent']}><InboxPage /></RequireRole> },
      { path: 'inbox/:taskId', element: <RequireRole roles={['admin', 'agent']}><TaskPage /></RequireRole> },
      { path: 'executions', element: admin(<ExecutionsPage />) },
      { path: 'executions/:executionId', element: <RequireRole roles={['admin', 'agent']}><ExecutionPage /></RequireRole> },
      { path: 'service', element: <ServiceNotePage /> },
      { path: 'templates', element: <Navigate to="/workflows" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
