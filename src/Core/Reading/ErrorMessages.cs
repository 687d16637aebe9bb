namespace Analytics.Core.Reading;

/// <summary>
/// The words a clerk reads: where the problem is, what is wrong, and what to do about it, in English and Chinese.
/// </summary>
public static class ErrorMessages
{
    public static string Format(ReadError e, bool chinese)
    {
        var where = Where(e, chinese);
        var value = e.Value is null ? "" : Quote(e.Value);
        var text = chinese ? Zh(e, value) : En(e, value);
        return where.Length == 0 ? text : $"{where}: {text}";
    }

    private static string Where(ReadError e, bool chinese)
    {
        if (e.Line <= 0)
        {
            return "";
        }
        var column = e.Column <= 0 ? "" :
            chinese ? $"第 {e.Column} 列" + (e.ColumnName is null ? "" : $"（{e.ColumnName}）")
                    : $", column {e.Column}" + (e.ColumnName is null ? "" : $" ({e.ColumnName})");
        return chinese ? $"第 {e.Line} 行{column}" : $"Line {e.Line}{column}";
    }

    private static string Quote(string value)
    {
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        if (shown.Any(RowFields.IsHidden))
        {
            // Shown as code points: a right-to-left override would otherwise reverse the rest of the message.
            shown = string.Concat(shown.Select(c => RowFields.IsHidden(c) ? $"<U+{(int)c:X4}>" : c.ToString()));
        }
        return $"\"{shown}\"";
    }

    private static string EncodingName(string name) => name == "utf-8" ? "UTF-8" : "GBK/GB18030";

    private static string En(ReadError e, string value) => e.Code switch
    {
        ErrorCode.EmptyFile => "the file is empty. Export the sheet again and check that it has data.",
        ErrorCode.BinaryFile => "this is not a text file (it looks like a spreadsheet, image or archive). Save the sheet as CSV (comma-separated) and upload that.",
        ErrorCode.Undecodable => $"the text cannot be read as UTF-8 or GB18030 (at byte {e.Detail}). Save the file again as \"CSV UTF-8\".",
        ErrorCode.UnknownLayout => "this file is not a layout we know. Use the long template (agency,year,metric,value), the wide template (agency,year, then one column per metric code) or a published report.",
        ErrorCode.BadQuoting => $"a quotation mark is not closed or is misplaced{Detail(e)}. Put quotes only around a whole cell, and double a quote inside a quoted cell.",
        ErrorCode.WrongFieldCount => $"this row has {Part(e, 0)} cells but the header has {Part(e, 1)}. Check for a stray separator or a name with a comma that is not in quotes.",
        ErrorCode.MissingColumn => $"the header has no {e.Detail} column. Add it (see the template).",
        ErrorCode.UnknownColumn => $"the column {value} is not a metric code or a known column. Fix the header, using the codes in the template.",
        ErrorCode.DuplicateColumn => $"the column {value} appears twice in the header. Keep one.",
        ErrorCode.UnknownMetric => $"{value} is not a metric code. Use a code from the template, such as t3.new_received.total.",
        ErrorCode.NoDataRows => "the file has a header but no data rows. Add the figures, or upload the right file.",
        ErrorCode.MissingAgencyOrYear => $"the report does not say {e.Detail}. Give it on import (--agency / --year) or in the upload form.",
        ErrorCode.TooManyErrors => $"more than {e.Detail} errors; the rest are not listed. Fix these first and upload again.",
        ErrorCode.ReadFailed => $"the file could not be read ({e.Detail}). Send it again.",
        ErrorCode.LineTooLong => $"this line is longer than {e.Detail} MB, far beyond any real row. Check that this is the right file and that each row ends with a line break.",
        ErrorCode.MixedEncodings => $"this line is {EncodingName(Part(e, 1))} but the lines before it are {EncodingName(Part(e, 0))}: the file joins text saved in two encodings. Save the whole file again as \"CSV UTF-8\".",
        ErrorCode.NotANumber => $"{value} is not a number. Enter a number; leave the cell empty if not reported, or \"/\" if not applicable.",
        ErrorCode.NegativeCount => $"{value} is negative. This figure cannot be below zero.",
        ErrorCode.FractionalCount => $"{value} has a fraction. This is a count: enter a whole number.",
        ErrorCode.Overflow => $"{value} is far too large to be a real figure. Check for pasted or joined numbers.",
        ErrorCode.YearNotANumber => $"{value} is not a year. Enter the report year as four digits, such as 2023.",
        ErrorCode.YearOutOfRange => $"{value} is outside {e.Detail}. Enter the year the report covers.",
        ErrorCode.ConflictingValue => $"{value} contradicts the value on line {e.Detail} for the same agency, year and metric. Keep one value.",
        ErrorCode.EmptyAgency => "the agency name is empty. Enter the agency's full name.",
        ErrorCode.MissingFigures => $"this row of the table ({value}) should have {Part(e, 1)} figures but {Part(e, 0)} could be read. Fill every cell: 0 for none, / if not applicable.",
        ErrorCode.MixedFormatVersions => $"{value} belongs to the {e.Detail} format, but this agency-year already has values of the other format. Use one format per agency-year.",
        ErrorCode.HiddenCharacter => $"the agency name contains an invisible control character ({e.Detail}), which can make one name look like another. Delete it, or type the name again.",
        ErrorCode.NameTooLong => $"the agency name is {Part(e, 0)} characters long; a name has at most {Part(e, 1)}. Check that a paragraph or several cells were not pasted into this one.",
        ErrorCode.DatabaseBusy => $"the database was busy with another writer and still busy after {e.Detail} attempts, so nothing was loaded. The file is kept: the inbox tries it again by itself; otherwise load it again later.",
        ErrorCode.StorageFull => "the disk or the database is full, so nothing of this file was loaded. Free disk space (or raise the database size limit), then load the file again.",
        _ => e.Code.ToString(),
    };

    private static string Zh(ReadError e, string value) => e.Code switch
    {
        ErrorCode.EmptyFile => "文件是空的。请重新导出表格，确认其中有数据。",
        ErrorCode.BinaryFile => "这不是文本文件（像是 Excel 表格、图片或压缩包）。请在 Excel 中另存为 CSV（逗号分隔）后再上传。",
        ErrorCode.Undecodable => $"文字无法按 UTF-8 或 GB18030 读取。请另存为“CSV UTF-8”后再上传。",
        ErrorCode.UnknownLayout => "无法识别文件格式。请使用长表模板（agency,year,metric,value）、宽表模板（agency,year 后每列一个指标代码）或公开的年度报告原文。",
        ErrorCode.BadQuoting => $"引号未闭合或位置不对{DetailZh(e)}。引号只能包住整个单元格，单元格内的引号要写两遍。",
        ErrorCode.WrongFieldCount => $"这一行有 {Part(e, 0)} 个单元格，表头有 {Part(e, 1)} 列。请检查是否多了分隔符，或含逗号的名称未加引号。",
        ErrorCode.MissingColumn => $"表头缺少 {e.Detail} 列。请按模板补上。",
        ErrorCode.UnknownColumn => $"列名 {value} 不是指标代码，也不是已知列。请按模板中的代码修改表头。",
        ErrorCode.DuplicateColumn => $"列名 {value} 在表头中出现了两次。请只保留一列。",
        ErrorCode.UnknownMetric => $"{value} 不是指标代码。请使用模板中的代码，例如 t3.new_received.total。",
        ErrorCode.NoDataRows => "文件只有表头，没有数据行。请填入数据，或确认上传的是正确的文件。",
        ErrorCode.MissingAgencyOrYear => $"报告中找不到{(e.Detail == "the agency" ? "机关名称" : e.Detail == "the year" ? "年度" : "机关名称和年度")}。请在导入时（--agency / --year）或上传页面中填写。",
        ErrorCode.TooManyErrors => $"错误超过 {e.Detail} 处，其余未列出。请先改正这些错误再上传。",
        ErrorCode.ReadFailed => $"文件无法读取（{e.Detail}）。请重新上传。",
        ErrorCode.LineTooLong => $"这一行超过 {e.Detail} MB，远超任何真实的数据行。请确认上传的文件无误，且每行以换行结束。",
        ErrorCode.MixedEncodings => $"这一行是 {EncodingName(Part(e, 1))} 编码，而前面的行是 {EncodingName(Part(e, 0))} 编码：文件由两种编码保存的文字拼接而成。请将整个文件重新另存为“CSV UTF-8”后再上传。",
        ErrorCode.NotANumber => $"{value} 不是数字。请填写数字；未填报请留空，不适用请填“/”。",
        ErrorCode.NegativeCount => $"{value} 是负数。此项不能小于零。",
        ErrorCode.FractionalCount => $"{value} 带有小数。此项是件数，请填写整数。",
        ErrorCode.Overflow => $"{value} 数值过大，不可能是真实数据。请检查是否粘连了多个数字。",
        ErrorCode.YearNotANumber => $"{value} 不是年份。请填写四位数的报告年度，例如 2023。",
        ErrorCode.YearOutOfRange => $"{value} 不在 {e.Detail} 范围内。请填写报告所属年度。",
        ErrorCode.ConflictingValue => $"{value} 与第 {e.Detail} 行的值不一致（同一机关、年度、指标）。请只保留一个值。",
        ErrorCode.EmptyAgency => "机关名称为空。请填写机关全称。",
        ErrorCode.MissingFigures => $"表格这一行（{value}）应有 {Part(e, 1)} 个数字，只读到 {Part(e, 0)} 个。请填满每个单元格：没有填 0，不适用填“/”。",
        ErrorCode.MixedFormatVersions => $"{value} 属于 {e.Detail} 年版格式，但该机关该年度已有另一版格式的数据。同一机关同一年度请只用一种格式。",
        ErrorCode.HiddenCharacter => $"机关名称中含有不可见的控制字符（{e.Detail}），会使一个名称看起来像另一个。请删除该字符，或重新输入名称。",
        ErrorCode.NameTooLong => $"机关名称长 {Part(e, 0)} 个字符，名称最多 {Part(e, 1)} 个字符。请检查是否把一段文字或多个单元格粘贴进了这一格。",
        ErrorCode.DatabaseBusy => $"数据库正被另一个写入程序占用，尝试 {e.Detail} 次后仍然繁忙，本次未载入任何数据。文件已保留：收件箱会自动重试，其他方式请稍后重新载入。",
        ErrorCode.StorageFull => "磁盘或数据库已满，本文件的数据均未载入。请释放磁盘空间（或提高数据库大小上限）后重新载入。",
        _ => e.Code.ToString(),
    };

    private static string Part(ReadError e, int index) => (e.Detail ?? "").Split('|') is var parts && index < parts.Length ? parts[index] : "?";

    private static string Detail(ReadError e) => e.Detail is null ? "" : $" ({e.Detail})";

    private static string DetailZh(ReadError e) => e.Detail is null ? "" : $"（{DetailsZh.GetValueOrDefault(e.Detail, e.Detail)}）";

    private static readonly Dictionary<string, string> DetailsZh = new(StringComparer.Ordinal)
    {
        ["quote not closed before the end of the line"] = "引号到行末仍未闭合",
        ["quote inside an unquoted cell"] = "未加引号的单元格中间出现引号",
        ["text after the closing quote"] = "闭合引号后还有文字",
    };
}
