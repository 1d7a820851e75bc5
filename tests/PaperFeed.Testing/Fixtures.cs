namespace PaperFeed.Testing;

/// <summary>Paths of the fixture files copied next to the test assembly (real recorded responses, and files tests made).</summary>
public static class Fixtures
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>A real Hugging Face daily_papers response, recorded on the named day.</summary>
    public static string HuggingFaceDay(string day) => Path($"hf-daily-papers/{day}.json");

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    /// <summary>
    /// The body of a recorded arXiv API response (<c>*.recorded.json</c>): the 2026 recordings keep the raw bytes as a
    /// latin-1 string, so encoding it back gives the bytes arXiv sent.
    /// </summary>
    public static byte[] RecordedBody(string relative)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Bytes(relative));
        return System.Text.Encoding.Latin1.GetBytes(document.RootElement.GetProperty("body").GetString()!);
    }
}
