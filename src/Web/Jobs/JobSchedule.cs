using Hangfire;
using Hangfire.Storage;

namespace PaperFeed.Web.Jobs;

/// <summary>Reads when recurring jobs run next, for pages that tell users when the app will try again.</summary>
public sealed class JobSchedule(JobStorage storage)
{
    public DateTime? NextRun(string recurringJobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([recurringJobId]).FirstOrDefault(j => !j.Removed)?.NextExecution;
    }
}
