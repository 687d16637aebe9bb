using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Etl.Worker;

/// <summary>Loads the demo data (data/samples) into a database that has never loaded anything.</summary>
public sealed class DemoSeeder(IngestionPipeline pipeline, IOptions<AnalyticsOptions> options, ILogger<DemoSeeder> logger)
{
    /// <summary>The files the loader reads: CSV batches, and published reports as text, saved web pages or markdown.</summary>
    public static readonly string[] Extensions = [".csv", ".txt", ".tsv", ".htm", ".html", ".md"];

    public IReadOnlyList<IngestResult> SeedIfEmpty()
    {
        if (!pipeline.Batches.IsEmpty())
        {
            return [];
        }
        var samples = options.Value.Samples;
        if (!Directory.Exists(samples))
        {
            logger.LogWarning("No demo data found at {Samples}; starting empty.", samples);
            return [];
        }
        var results = new List<IngestResult>();
        foreach (var file in Directory.GetFiles(samples).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal))
        {
            var result = pipeline.Ingest(IngestRequest.ForFile(file, "seed"));
            results.Add(result);
            logger.LogInformation("Seeded {File}: {Status}, {Values} values.", result.FileName, result.Status, result.Values);
        }
        return results;
    }
}
