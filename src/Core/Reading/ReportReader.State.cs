using Analytics.Core.Catalog;
using Analytics.Core.Reading.Reports;

namespace Analytics.Core.Reading;

internal static partial class ReportReader
{
    /// <summary>What has been read so far: title, section, rows (some waiting for figures on later lines), errors.</summary>
    private sealed class ReportState
    {
        public string? TitleAgency { get; private set; }
        public int? TitleYear { get; private set; }

        /// <summary>Where the title was read, for an error about the agency name in it.</summary>
        public long TitleLine { get; private set; }
        public FormatVersions Version { get; private set; } = FormatVersions.Both;
        public int Section { get; private set; }
        public List<Found> Found { get; } = [];
        public List<ReadError> Errors { get; } = [];

        private string[]? _t2Columns;
        private OpenRow? _open;
        private bool _t4Done;
        private readonly List<Token> _t4Tokens = [];
        private readonly Dictionary<string, List<Token>> _t3Rows = [];
        private readonly List<string> _t3Order = [];

        public void ReadLine(string line, long lineNo, char delimiter)
        {
            if (line.Trim().Length == 0)
            {
                return;
            }
            var cells = Split(line, delimiter);
            if (TitleYear is null && TitleAgency is null && TryTitle(line.Trim().Trim('"', ',', ';', '\t'), out var agency, out var year))
            {
                TitleAgency = agency;
                TitleYear = year;
                TitleLine = lineNo;
                return;
            }
            if (ReportLabels.Section(cells.FirstOrDefault(c => c.Trim().Length > 0) ?? "") is { } heading && !HasNumbers(cells))
            {
                Close();
                if (Section == 4 || heading == 5)
                {
                    CloseT4();
                }
                Section = heading;
                return;
            }

            var values = TrailingValues(cells, out var labelEnd);
            var labels = cells.Take(labelEnd).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            var joined = string.Concat(labels);
            if (values.Count == 0 && ReportLabels.IsHeaderRow(labels))
            {
                return; // a column header, also repeated after a page break: it neither opens nor closes a row
            }

            // T2: a "信息内容" header sets the columns of the rows under it.
            if (values.Count == 0 && labels.Count > 0 && ReportLabels.Fold(joined).Contains("信息内容", StringComparison.Ordinal)
                && Section is not (1 or 6 or 4))
            {
                Close();
                _t2Columns = labels.Count > 1 && ReportLabels.Fold(labels[0]).EndsWith("信息内容", StringComparison.Ordinal)
                    ? labels.Skip(1).Select(c => ReportLabels.T2Column(c) ?? "?").ToArray()
                    : ReportLabels.T2ColumnsInOrder(joined);
                if (_t2Columns.Contains("issued"))
                {
                    Version = FormatVersions.V2021;
                }
                else if (_t2Columns.Contains("new_made"))
                {
                    Version = FormatVersions.V2019;
                }
                return;
            }

            var t2Row = _t2Columns is not null && labels.Count >= 1 && Section is 0 or 1 or 2 ? ReportLabels.T2Row(labels[0]) : null;
            var t3Row = t2Row is null && labels.Count >= 1 && Section is 0 or 2 or 3
                ? ReportLabels.T3Row(labels[^1]) ?? ReportLabels.T3Row(joined)
                    ?? (values.Count > 0 ? ReportLabels.T3RowTolerant(labels[^1]) ?? ReportLabels.T3RowTolerant(joined) : null)
                : null;
            if (t2Row is null && t3Row is null && Section is 1 or 6 || (Section == 0 && !HasNumbers(cells) && t3Row is null))
            {
                ReadProse(line, lineNo, Section, Found);
                return;
            }

            if (t2Row is null && t3Row is null && values.Count >= 15 && !_t4Done && Section is 0 or 4)
            {
                var t4 = values.Skip(values.Count - 15).Select(v => new Token(v.Value, v.Column, lineNo)).ToList();
                AddT4(t4, CellSource.Table, null);
                return;
            }

            if (t2Row is not null || t3Row is not null)
            {
                Close();
                if (t3Row is not null && Section == 2)
                {
                    Section = 3; // the 三、 heading was lost: T3's rows open its section
                }
                if (t3Row == "other_no_correction")
                {
                    Version = FormatVersions.V2021;
                }
                else if (t3Row == "other_misc" && labels.Any(l => ReportLabels.Fold(l).Contains("其他处理", StringComparison.Ordinal)) && Version == FormatVersions.Both)
                {
                    Version = FormatVersions.V2019; // the 2019 form's single （六）其他处理 row
                }
                _open = t2Row is not null
                    ? new OpenRow("t2", t2Row, _t2Columns!.Length, lineNo, labelEnd, labels[0]) { Columns = _t2Columns }
                    : new OpenRow("t3", t3Row!, 7, lineNo, labelEnd, labels[^1]);
                Append(values, lineNo);
                return;
            }
            if (values.Count > 0 && labels.Count == 0 || values.Count > 0 && _open is { Values.Count: 0 })
            {
                // Figures under a detached or wrapped label belong to the row still open; otherwise, after T3, to T4.
                if (_open is not null)
                {
                    Append(values, lineNo);
                }
                else if (Section == 4 || (Section is 0 or 3 && _t3Rows.ContainsKey("carried_forward")) && !_t4Done)
                {
                    _t4Tokens.AddRange(values.Select(v => new Token(v.Value, v.Column, lineNo)));
                    if (_t4Tokens.Count >= 15)
                    {
                        CloseT4();
                    }
                }
            }
            else if (values.Count > 0 && _open is not null)
            {
                Close();
            }
        }

        private void Append(List<(CellValue Value, int Column)> values, long lineNo)
        {
            _open!.Values.AddRange(values.Select(v => new Token(v.Value, v.Column, lineNo)));
            if (_open.Values.Count >= _open.Needed)
            {
                Close();
            }
        }

        /// <summary>Ends the open row: complete, glued (split by the rules), or short of figures (an error, never a shifted row).</summary>
        private void Close()
        {
            var row = _open;
            _open = null;
            if (row is null || row.Values.Count == 0)
            {
                return;
            }
            var tokens = row.Values;
            if (tokens.Count < row.Needed)
            {
                var raws = tokens.Select(t => ValueParser.Normalize(t.Value.Raw)).ToList();
                if (!GluedDigits.CanSplit(raws, row.Needed))
                {
                    // A blank or unreadable cell in a row would shift its figures into other columns: say so instead.
                    Errors.Add(MissingFigures(row.Line, row.LabelEnd, row.Label, tokens.Count, row.Needed));
                    return;
                }
                if (row.Table == "t3")
                {
                    StoreT3(row.Row, tokens);
                    return;
                }
                var splits = GluedDigits.Splits(raws, row.Needed);
                AddSplit(splits, tokens, row.Columns.Select(c => $"t2.{row.Row}.{c}").ToArray());
                return;
            }
            if (row.Table == "t3")
            {
                StoreT3(row.Row, tokens.Skip(tokens.Count - 7).ToList());
                return;
            }
            for (var i = 0; i < row.Columns.Length; i++)
            {
                Found.Add(new Found($"t2.{row.Row}.{row.Columns[i]}", tokens[i].Value, tokens[i].Line, tokens[i].Column));
            }
        }

        private void StoreT3(string row, List<Token> tokens)
        {
            if (_t3Rows.TryAdd(row, tokens))
            {
                _t3Order.Add(row);
            }
        }

        private void CloseT4()
        {
            if (_t4Done || _t4Tokens.Count == 0)
            {
                return;
            }
            var tokens = _t4Tokens.ToList();
            _t4Tokens.Clear();
            if (tokens.Count >= 15)
            {
                AddT4(tokens.Skip(tokens.Count - 15).ToList(), CellSource.Table, null);
                return;
            }
            var raws = tokens.Select(t => ValueParser.Normalize(t.Value.Raw)).ToList();
            if (!GluedDigits.CanSplit(raws, 15))
            {
                Errors.Add(MissingFigures(tokens[0].Line, tokens[0].Column, "行政复议、行政诉讼", tokens.Count, 15));
                return;
            }
            var splits = GluedDigits.Splits(raws, 15);
            var consistent = splits.Where(s => GluedDigits.GroupTotalsHold(s, 5)).ToList();
            AddSplit(consistent.Count > 0 ? consistent : splits, tokens, T4Codes().ToArray());
            _t4Done = true;
        }

        private static IEnumerable<string> T4Codes() =>
            from g in MetricCatalog.T4Groups from c in MetricCatalog.T4Columns select MetricCatalog.T4(g.Code, c.Code);

        private void AddT4(List<Token> tokens, CellSource source, AmbiguousSplit? note)
        {
            var k = 0;
            foreach (var code in T4Codes())
            {
                Found.Add(new Found(code, tokens[k].Value, tokens[k].Line, tokens[k].Column, source, note));
                k++;
            }
            _t4Done = true;
        }

        /// <summary>Adds the cells of a split run: Rules when one split remains, else the most plausible with a note.</summary>
        private void AddSplit(List<string[]> splits, List<Token> tokens, string[] codes)
        {
            if (splits.Count == 0)
            {
                Errors.Add(MissingFigures(tokens[0].Line, tokens[0].Column, codes[0], tokens.Count, codes.Length));
                return;
            }
            var chosen = splits.Count == 1 ? splits[0] : GluedDigits.MostPlausible(splits);
            var differs = Enumerable.Range(0, codes.Length).Where(i => splits.Any(s => s[i] != chosen[i])).ToList();
            var note = differs.Count == 0 ? null : new AmbiguousSplit(string.Join(" ", tokens.Select(t => t.Value.Raw)), tokens[0].Line,
                differs.Select(i => codes[i]).ToList(), chosen, splits.Where(s => s != chosen).Select(s => (IReadOnlyList<string>)s).ToList());
            var place = Places(tokens, chosen);
            for (var i = 0; i < codes.Length; i++)
            {
                var value = new CellValue(CellState.Number, decimal.Parse(chosen[i], System.Globalization.CultureInfo.InvariantCulture), chosen[i]);
                var ambiguous = differs.Contains(i);
                Found.Add(new Found(codes[i], value, place[i].Line, place[i].Column, ambiguous ? CellSource.Ambiguous : CellSource.Rules,
                    ambiguous ? note : null));
            }
        }

        /// <summary>Each number of a split sits in the token its digits came from.</summary>
        private static List<Token> Places(List<Token> tokens, string[] split)
        {
            var places = new List<Token>();
            int t = 0, used = 0;
            foreach (var n in split)
            {
                places.Add(tokens[t]);
                used += n.Length;
                if (used >= ValueParser.Normalize(tokens[t].Value.Raw).Length)
                {
                    t = Math.Min(t + 1, tokens.Count - 1);
                    used = 0;
                }
            }
            return places;
        }

        public void Finish()
        {
            Close();
            CloseT4();
            ResolveT3();
        }

        /// <summary>
        /// T3 rows read as cells go in as printed. Glued rows are split: R2 within the row, then R1 and R3 across rows
        /// choose among the splits left. When the printed figures break R1/R3 whatever the split, the rules cannot
        /// choose and the row-level splits stand (the validator then reports the printed totals).
        /// </summary>
        private void ResolveT3()
        {
            var fixedRows = new Dictionary<string, decimal?[]>();
            var glued = new Dictionary<string, List<string[]>>();
            foreach (var row in _t3Order)
            {
                var tokens = _t3Rows[row];
                if (tokens.Count == 7)
                {
                    fixedRows[row] = tokens.Select(t => t.Value.Number).ToArray();
                    continue;
                }
                var splits = GluedDigits.Splits(tokens.Select(t => ValueParser.Normalize(t.Value.Raw)).ToList(), 7);
                var r2 = splits.Where(s => GluedDigits.GroupTotalsHold(s, 7)).ToList();
                glued[row] = r2.Count > 0 ? r2 : splits;
            }
            var ambiguous = glued.Where(g => g.Value.Count > 1).Select(g => g.Key).ToList();
            var product = ambiguous.Aggregate(1L, (p, r) => Math.Min(p * glued[r].Count, long.MaxValue / 64));
            if (ambiguous.Count > 0 && product <= 20_000)
            {
                var survivors = ambiguous.ToDictionary(r => r, _ => new HashSet<string[]>());
                var values = new Dictionary<string, decimal?[]>(fixedRows);
                foreach (var (row, splits) in glued.Where(g => g.Value.Count == 1))
                {
                    values[row] = ToNumbers(splits[0]);
                }
                Enumerate(0);
                foreach (var row in ambiguous.Where(r => survivors[r].Count > 0))
                {
                    glued[row] = glued[row].Where(survivors[row].Contains).ToList();
                }

                void Enumerate(int depth)
                {
                    if (depth == ambiguous.Count)
                    {
                        if (ColumnRulesHold(values))
                        {
                            foreach (var r in ambiguous)
                            {
                                survivors[r].Add(glued[r].First(s => ToNumbers(s).SequenceEqual(values[r])));
                            }
                        }
                        return;
                    }
                    foreach (var split in glued[ambiguous[depth]])
                    {
                        values[ambiguous[depth]] = ToNumbers(split);
                        Enumerate(depth + 1);
                    }
                }
            }
            foreach (var row in _t3Order)
            {
                var tokens = _t3Rows[row];
                var codes = MetricCatalog.T3Columns.Select(c => MetricCatalog.T3(row, c.Code)).ToArray();
                if (glued.TryGetValue(row, out var splits))
                {
                    AddSplit(splits, tokens, codes);
                    continue;
                }
                for (var c = 0; c < 7; c++)
                {
                    Found.Add(new Found(codes[c], tokens[c].Value, tokens[c].Line, tokens[c].Column));
                }
            }
        }

        private static decimal?[] ToNumbers(string[] split) =>
            [.. split.Select(n => (decimal?)decimal.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];

        /// <summary>R1 and R3 on every column where all their cells are figures.</summary>
        private static bool ColumnRulesHold(Dictionary<string, decimal?[]> rows)
        {
            for (var c = 0; c < 7; c++)
            {
                decimal? Get(string r) => rows.TryGetValue(r, out var v) ? v[c] : null;
                if (Get("new_received") is { } n && Get("carried_over") is { } o && Get("results_total") is { } t && Get("carried_forward") is { } f
                    && n + o != t + f)
                {
                    return false;
                }
                var outcomes = MetricCatalog.T3OutcomeRows.Where(rows.ContainsKey).Select(Get).ToList();
                if (Get("results_total") is { } total && outcomes.All(v => v is not null) && outcomes.Sum() != total)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Once a T3 table was read, its rows that are absent are missing (not reported), and so is an absent T4.</summary>
        public IEnumerable<Found> MissingCells(FormatVersions version)
        {
            if (_t3Rows.Count == 0)
            {
                yield break;
            }
            var present = Found.Select(f => f.Code).ToHashSet();
            var expected = MetricCatalog.T3Rows.Where(r => (r.Versions & version) != 0)
                .SelectMany(r => MetricCatalog.T3Columns.Select(c => MetricCatalog.T3(r.Code, c.Code)))
                .Concat(T4Codes());
            foreach (var code in expected.Where(c => !present.Contains(c)))
            {
                yield return new Found(code, CellValue.NotReported(""), 0, 0, CellSource.Missing);
            }
        }
    }
}
