namespace Analytics.Etl.Tests.Storage;

public class ExportWriterTests
{
    [Fact]
    public void CellsThatWouldRunAsFormulasInExcelAreNeutralisedButNegativeNumbersStayNumbers()
    {
        using var w = new Workspace();
        // Legal content an attacker controls: an agency name and a text cell that Excel would evaluate.
        var result = w.Import(w.Write("formulas.csv", """
            agency,year,metric,value
            "=HYPERLINK(""http://evil.example"",""x"")",2019,t2.admin_licensing.change,-3
            @SUM(A1),2019,ch.website,+5500余
            """));
        Assert.Equal("loaded", result.Status);

        var lines = w.Export().Split('\n');

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",2019,t2.admin_licensing.change,-3", lines);
        Assert.Contains("\"'@SUM(A1)\",2019,ch.website,\"'+5500余\"", lines);
    }
}
