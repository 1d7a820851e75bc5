using Microsoft.Extensions.Options;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's API etiquette: one request at a time, at least <see cref="ArxivOptions.RequestDelay"/> apart, for every API
/// request of this app, whichever job or source makes it. A singleton of the app's container: an operator command in
/// its own process keeps its own spacing, and two app instances in one test process do not skew each other's.
/// </summary>
public sealed class ArxivRequestSpacing(IOptions<ArxivOptions> options, TimeProvider clock) : RequestSpacing(options.Value.RequestDelay, clock);
