import type { Core } from '@strapi/strapi';
import { describeDateFields, nameEditorsByAddress, showTranslationStatusInLists } from './bootstrap/admin-lists';
import { registerPlayableSpotGate } from './api/spot-video/gates/playable';
import { ensureFirstAdmin } from './bootstrap/first-admin';
import { helpQueryPlanner } from './bootstrap/query-planner';
import { shareSqliteBetweenProcesses } from './bootstrap/sqlite';
import { localeCodes } from '@praxis/contract/locales';
import { syncLocales } from './bootstrap/locales';
import { syncPublicPermissions } from './bootstrap/permissions';
import { syncWebhooks } from './bootstrap/webhooks';
import { restoreProjectFunders } from './bootstrap/project-funders';
import { ownOrganisationCondition, registerEditorialGuard } from './editorial/guard';
import { requirePasswordForEmailChange } from './editorial/own-account';
import { syncEditorialRoles } from './editorial/roles';
import { checkOrganisationLanguages, registerLanguagesField } from './editorial/languages';
import { expireInvitations, invitationRoutes, renderInvitationMail } from './editorial/invitations';
import { removeUnusedStrapiRoles } from './editorial/strapi-roles';
import { recordPublishing, renderReviewMail, reviewRoutes } from './editorial/review';
import { translationRoutes } from './editorial/translations';
import { organisationFilesCondition } from './uploads/ownership';
import { keepWebinarKeysUnique } from './registration/keys';
import { organiserRoutes, organisesWebinarCondition } from './registration/organisers';
import { scheduleChores } from './registration/schedule';
import { renderRegistrationMail } from './registration/seats';
import { registerRenderer } from './mail/outbox';
import { deliverAfterBursts } from './registration/queue';
import { keepFirstPublication } from './publishing/first-publication';
import { publishStatusRoutes } from './publishing/status';
import { registerSaveCheck } from './content-rules/save-check';
import { reachRoutes } from './counting/reach';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Before Strapi's own schema sync writes: from then on another process may hold the file.
    strapi.hook('strapi::content-types.beforeSync').register(() => shareSqliteBetweenProcesses(strapi));
    registerEditorialGuard(strapi);
    requirePasswordForEmailChange(strapi);
    registerLanguagesField(strapi);
    checkOrganisationLanguages(strapi);
    expireInvitations(strapi);
    registerRenderer('invitation', renderInvitationMail);
    recordPublishing(strapi);
    registerRenderer('review', renderReviewMail);
    registerPlayableSpotGate(strapi);
    keepFirstPublication(strapi);
    registerSaveCheck(strapi);
    keepWebinarKeysUnique(strapi);
    registerRenderer('registration', renderRegistrationMail);
    deliverAfterBursts(strapi);
    // Admin routes of the organisers (CSV export, certificates), behind the admin login.
    (strapi.admin.routes as Record<string, unknown>).praxis = organiserRoutes(strapi);
    // The publisher reports each publish of the site; the admin's home page shows the last one.
    (strapi.admin.routes as Record<string, unknown>).publishing = publishStatusRoutes(strapi);
    // Coordinators invite partner editors from an organisation.
    (strapi.admin.routes as Record<string, unknown>).invitations = invitationRoutes(strapi);
    // Review: partners mark drafts ready, coordinators send them back; the queue on the home page.
    (strapi.admin.routes as Record<string, unknown>).reviews = reviewRoutes(strapi);
    // What each language is missing or needs reviewed, for translators.
    (strapi.admin.routes as Record<string, unknown>).translations = translationRoutes(strapi);
    // Page views and downloads by day, language and item, for coordinators and each partner.
    (strapi.admin.routes as Record<string, unknown>).reach = reachRoutes(strapi);
  },

  /** Locales, permissions, roles, webhooks and the first account are set in code at every start, never by clicking. */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await strapi.service('admin::permission').conditionProvider.register(ownOrganisationCondition(strapi));
    await strapi.service('admin::permission').conditionProvider.register(organisesWebinarCondition(strapi));
    await strapi.service('admin::permission').conditionProvider.register(organisationFilesCondition(strapi));
    await syncLocales(strapi);
    await restoreProjectFunders(strapi);
    await syncPublicPermissions(strapi);
    await syncEditorialRoles(strapi, localeCodes);
    await removeUnusedStrapiRoles(strapi);
    await syncWebhooks(strapi);
    await showTranslationStatusInLists(strapi);
    await nameEditorsByAddress(strapi);
    await describeDateFields(strapi);
    await ensureFirstAdmin(strapi);
    await helpQueryPlanner(strapi);
    scheduleChores(strapi);
  },
};
