using Analytics.Core.Reading;

namespace Analytics.Core.Tests.Reading;

/// <summary>Reads a whole file through the real front door, for assertions.</summary>
internal static class Read
{
    public static (SourceShape Shape, List<ReadCell> Cells, List<ReadError> Errors) All(string path, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        var file = SourceFile.Inspect(path);
        Assert.Null(file.Error);
        var shape = SourceReader.Recognise(file, options);
        var cells = new List<ReadCell>();
        var errors = new List<ReadError>();
        if (shape.Error is { } e)
        {
            errors.Add(e);
            return (shape, cells, errors);
        }
        foreach (var item in SourceReader.Read(file, shape, options, new ReadProgress()))
        {
            if (item.Error is { } error)
            {
                errors.Add(error);
            }
            else
            {
                cells.Add(item.Cell);
            }
        }
        return (shape, cells, errors);
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
