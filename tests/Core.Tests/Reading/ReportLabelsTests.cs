using Analytics.Core.Reading;
using Analytics.Core.Reading.Reports;

namespace Analytics.Core.Tests.Reading;

public sealed class ReportLabelsTests
{
    [Theory]
    [InlineData("2.重复申淸", "np_duplicate")]
    [InlineData("1.本机关不掌楃相关政付信息", "unable_not_held")]
    [InlineData("6.属于四类过程性信忌", "denied_process_info")]
    [InlineData("二、上年结椟政府信息公开申请数量", "carried_over")]
    public void MatchesALabelWithOneMisreadCharacterWhenOnlyOneRowFits(string label, string row)
    {
        Assert.Null(ReportLabels.T3Row(label));
        Assert.Equal(row, ReportLabels.T3RowTolerant(label));
    }

    [Fact]
    public void RefusesALabelOneCharacterFromTwoRows()
    {
        // 予分公开 is one character from both 予以公开 and 部分公开: it could be either row.
        Assert.Null(ReportLabels.T3RowTolerant("(一)予分公开"));
    }

    [Theory]
    [InlineData("(一)予以公幵", "granted")]
    [InlineData("5.要求行政机关确认或重新出具己获取信息", "np_confirm_reissue")]
    public void FoldsKnownOcrConfusions(string label, string row) => Assert.Equal(row, ReportLabels.T3Row(label));

    [Theory]
    [InlineData("行政处罸", "admin_penalty")]
    [InlineData("行政规范性文仵", "normative_docs")]
    public void MatchesAT2LabelWithOneMisreadCharacter(string label, string row) => Assert.Equal(row, ReportLabels.T2Row(label));

    [Theory]
    [InlineData(new[] { "自然人  法人或其他组织  总计" }, true)]
    [InlineData(new[] { "结果 维持", "结果纠正", "其他结果", "尚未审结", "总计" }, true)]
    [InlineData(new[] { "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "申请人情况" }, true)]
    [InlineData(new[] { "总计" }, false)]
    [InlineData(new[] { "(七)总计" }, false)]
    public void RecognisesRepeatedColumnHeaders(string[] labels, bool header) => Assert.Equal(header, ReportLabels.IsHeaderRow(labels));

    [Theory]
    [InlineData("— 3 —", true)]
    [InlineData("- 12 -", true)]
    [InlineData("第 3 页 共 8 页", true)]
    [InlineData("0 1 0 0 1", false)]
    [InlineData("3", false)]
    public void RecognisesPageNumbers(string line, bool chrome) => Assert.Equal(chrome, ReportText.IsPageChrome(line));

    [Theory]
    [InlineData("首页 > 政务公开 > 年度报告 > 平潭综合实验区2022年度政府信息公开工作年度报告", "平潭综合实验区", 2022)]
    [InlineData("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019)]
    public void ReadsTitlesWithTheYearBeforeOrAfterAndABreadcrumb(string line, string agency, int year)
    {
        Assert.True(ReportReader.TryTitle(line, out var foundAgency, out var foundYear));
        Assert.Equal(agency, foundAgency);
        Assert.Equal(year, foundYear);
    }

    [Theory]
    [InlineData("第四部分 政府信息公开行政复议、行政诉讼情况", 4)]
    [InlineData("四、政府信息公开行政法复议、行政诉讼情况", 4)]
    [InlineData("二．主动公开政府信息情况", 2)]
    [InlineData("(一)主动公开政府信息情况", null)]
    public void RecognisesSectionHeadingsNumberedOtherwise(string line, int? section) => Assert.Equal(section, ReportLabels.Section(line));
}
