using System.Text;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>Files built to make the loader allocate without end: what it allocates stays within a fixed bound.</summary>
[Collection(nameof(HostileInputMemoryTests))]
public class HostileInputMemoryTests
{
    // Well above what these files need (about 70 MB), well below what an unbounded reader took (660 MB for 40 MB).
    private const long Bound = 256L << 20;

    [Theory]
    [InlineData("10^6 columns in the header")]
    [InlineData("10^6 columns in a data row")]
    [InlineData("a 20 MB line")]
    [InlineData("a 40 MB report line")]
    public void AFileBuiltToExhaustMemoryIsRejectedWithinAFixedAllocation(string kind)
    {
        using var w = new Workspace();
        var path = w.Write("big.csv", Encoding.UTF8.GetBytes(kind switch
        {
            "10^6 columns in the header" => "agency,year,metric,value" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $",c{i}")) + "\n",
            "10^6 columns in a data row" => "agency,year,metric,value\n甲局,2023,t3.new_received.total,5" + new string(',', 1_000_000) + "\n",
            "a 20 MB line" => "agency,year,metric,value\n甲局,2023,t3.new_received.total," + new string('1', 20 << 20) + "\n",
            _ => "示范局2023年政府信息公开工作年度报告\n" + new string('a', 40 << 20) + "\n",
        }));
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = w.Import(path);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal("rejected", result.Status);
        Assert.True(allocated < Bound, $"{kind}: {allocated >> 20} MB allocated");
    }
}
