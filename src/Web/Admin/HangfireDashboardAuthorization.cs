using Hangfire.Dashboard;

namespace PaperFeed.Web.Admin;

/// <summary>
/// The job dashboard opens to what <see cref="AdminAccess"/> allowed (the admin gate ran before it), and is read-only
/// unless the operator signed in with the password.
/// </summary>
public sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => AdminAccess.LevelOf(context.GetHttpContext()) != AdminLevel.None;

    public static bool IsReadOnly(DashboardContext context) => AdminAccess.LevelOf(context.GetHttpContext()) != AdminLevel.Full;
}
