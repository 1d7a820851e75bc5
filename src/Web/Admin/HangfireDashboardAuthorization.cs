using Hangfire.Dashboard;

namespace PaperFeed.Web.Admin;

/// <summary>Puts the Hangfire dashboard behind <see cref="AdminAccess"/>.</summary>
public sealed class HangfireDashboardAuthorization(AdminAccess access) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => access.IsAllowed(context.GetHttpContext());
}
