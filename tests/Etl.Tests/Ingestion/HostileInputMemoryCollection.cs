namespace Analytics.Etl.Tests.Ingestion;

/// <summary>Runs alone, after the parallel tests, so the process's allocation counter sees only the file under test.</summary>
[CollectionDefinition(nameof(HostileInputMemoryTests), DisableParallelization = true)]
public sealed class HostileInputMemoryCollection;
