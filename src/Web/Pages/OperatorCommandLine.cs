namespace PaperFeed.Web.Pages;

/// <summary>
/// How an operator runs a command of this instance, for the pages that suggest one: from the source tree in
/// Development (<c>dotnet run --project src/Web -- …</c>), else the published app, as in the container
/// (<c>dotnet PaperFeed.Web.dll …</c>).
/// </summary>
public static class OperatorCommandLine
{
    public static string For(IHostEnvironment environment, string command) =>
        environment.IsDevelopment() ? $"dotnet run --project src/Web -- {command}" : $"dotnet PaperFeed.Web.dll {command}";
}
