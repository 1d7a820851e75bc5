namespace PaperFeed.Testing;

/// <summary>Paths of the fixture files copied next to the test assembly (real recorded responses, and files tests made).</summary>
public static class Fixtures
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>A real Hugging Face daily_papers response, recorded on the named day.</summary>
    public static string HuggingFaceDay(string day) => Path($"hf-daily-papers/{day}.json");

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));
}
