# Writes the messy report fixtures and their expected values from the hand-entered figures below.
# Real sources are named per fixture; where a source excerpt stops before T3/T4, the table figures were
# constructed to agree with the figures the source prose gives, and the fixture says so.
import os
HERE = os.path.dirname(os.path.abspath(__file__))
T3 = [("new_received","一、本年新收政府信息公开申请数量"),("carried_over","二、上年结转政府信息公开申请数量"),
 ("granted","三、本年度办理结果|(一)予以公开"),("partially_granted","(二)部分公开(区分处理的，只计这一情形，不计其他情形)"),
 ("denied_state_secret","(三)不予公开|1.属于国家秘密"),("denied_prohibited_by_law","2.其他法律行政法规禁止公开"),
 ("denied_security_stability","3.危及“三安全一稳定”"),("denied_third_party","4.保护第三方合法权益"),
 ("denied_internal_affairs","5.属于三类内部事务信息"),("denied_process_info","6.属于四类过程性信息"),
 ("denied_enforcement_file","7.属于行政执法案卷"),("denied_admin_query","8.属于行政查询事项"),
 ("unable_not_held","(四)无法提供|1.本机关不掌握相关政府信息"),("unable_needs_compilation","2.没有现成信息需要另行制作"),
 ("unable_unclear","3.补正后申请内容仍不明确"),("np_petition_complaint","(五)不予处理|1.信访举报投诉类申请"),
 ("np_duplicate","2.重复申请"),("np_publication","3.要求提供公开出版物"),("np_mass_repetitive","4.无正当理由大量反复申请"),
 ("np_confirm_reissue","5.要求行政机关确认或重新出具已获取信息"),
 ("other_no_correction","(六)其他处理|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
 ("other_fee_unpaid","2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
 ("other_misc","3.其他"),("results_total","(七)总计"),("carried_forward","四、结转下年度继续办理")]
COLS = ["natural_person","commercial","research","public_welfare","legal_services","other_org","total"]
T4G = ["review","lit_direct","lit_after_review"]; T4C = ["upheld","corrected","other","pending","total"]

def t3_rows(version):
    rows = [r for r in T3 if version == 2021 or r[0] not in ("other_no_correction","other_fee_unpaid")]
    if version == 2019:
        rows = [(c, "(六)其他处理") if c == "other_misc" else (c, l) for c, l in rows]
    return rows

def row6(vals):  # six columns given, total computed (R2)
    return list(vals) + [sum(vals)]

def t2_2021(t2):
    g = lambda k: t2.get(k, 0)
    return [("第二十条第(一)项", None), ("信息内容|本年制发件数|本年废止件数|现行有效件数", None),
      ("规章", [g("t2.regulations.issued"), g("t2.regulations.repealed"), g("t2.regulations.in_force")]),
      ("行政规范性文件", [g("t2.normative_docs.issued"), g("t2.normative_docs.repealed"), g("t2.normative_docs.in_force")]),
      ("第二十条第(五)项", None), ("信息内容|本年处理决定数量", None), ("行政许可", [g("t2.admin_licensing.decisions")]),
      ("第二十条第(六)项", None), ("信息内容|本年处理决定数量", None), ("行政处罚", [g("t2.admin_penalty.decisions")]),
      ("行政强制", [g("t2.admin_coercion.decisions")]), ("第二十条第(八)项", None),
      ("信息内容|本年收费金额(单位：万元)", None), ("行政事业性收费", [g("t2.admin_fees.amount")])]

def t2_2019(t2):
    g = lambda k: t2.get(k, 0)
    tri = lambda r: [g(f"t2.{r}.prev_year_items"), g(f"t2.{r}.change"), g(f"t2.{r}.decisions")]
    return [("第二十条第(一)项", None), ("信息内容|本年新制作数量|本年新公开数量|对外公开总数量", None),
      ("规章", [g("t2.regulations.new_made"), g("t2.regulations.new_published"), g("t2.regulations.total_published")]),
      ("规范性文件", [g("t2.normative_docs.new_made"), g("t2.normative_docs.new_published"), g("t2.normative_docs.total_published")]),
      ("第二十条第(五)项", None), ("信息内容|上一年项目数量|本年增/减|处理决定数量", None),
      ("行政许可", tri("admin_licensing")), ("其他对外管理服务事项", tri("other_external_services")),
      ("第二十条第(六)项", None), ("信息内容|上一年项目数量|本年增/减|处理决定数量", None),
      ("行政处罚", tri("admin_penalty")), ("行政强制", tri("admin_coercion")), ("第二十条第(八)项", None),
      ("信息内容|上一年项目数量|本年增/减", None), ("行政事业性收费", [g("t2.admin_fees.prev_year_items"), g("t2.admin_fees.change")]),
      ("第二十条第(九)项", None), ("信息内容|采购项目数量|采购总金额", None),
      ("政府集中采购", [g("t2.central_procurement.items"), g("t2.central_procurement.amount")])]

def fmt(v):
    return v if isinstance(v, str) else (f"+{v}" if False else str(v))

def expected(name, meta, values, version):
    """values: metric -> printed value (int, or '' for blank, '/' for n/a). Every other table cell is 0."""
    n_t3 = (25 if version == 2021 else 23) * 7
    n_t2 = 10 if version == 2021 else 22
    cells = n_t3 + 15 + n_t2 + len([k for k in values if k.startswith(("ch.", "s1.", "s6."))])
    with open(os.path.join(HERE, name + ".expected.csv"), "w", encoding="utf-8") as f:
        for k, v in meta.items():
            f.write(f"{k},{v}\n")
        f.write(f"version,{version}\ncells,{cells}\nmetric,value,source\n")
        for k, v in values.items():
            if isinstance(v, tuple):
                f.write(f"{k},{v[0]},{v[1]}\n")
            else:
                f.write(f"{k},{v},\n")

def table_values(t3, t4, t2):
    vals = {}
    for row, cells in t3.items():
        for c, v in zip(COLS, cells):
            if v != 0:
                vals[f"t3.{row}.{c}"] = v
    for g, cells in t4.items():
        for c, v in zip(T4C, cells):
            if v != 0:
                vals[f"t4.{g}.{c}"] = v
    vals.update({k: v for k, v in t2.items() if v != 0})
    return vals

def t3_lines(t3, version, style):
    out = []
    for code, label in t3_rows(version):
        v = t3.get(code, [0] * 7)
        parts = label.split("|")
        if style == "tab":
            out.append("\t".join(parts + [str(x) for x in v]))
        elif style == "md":
            out.append("| " + " | ".join(parts + [str(x) for x in v]) + " |")
        elif style == "glued":
            out.append("".join(parts) + "".join(str(x) for x in v))
        elif style == "pdf":
            out.append(" ".join(parts) + "  " + " ".join(str(x) for x in v))
    return out

def t4_values(t4):
    return [t4.get(g, [0] * 5)[i] for g in T4G for i in range(5)]

T3_HEAD = ["(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)|申请人情况",
           "自然人|法人或其他组织|总计", "商业企业|科研机构|社会公益组织|法律服务机构|其他"]
T4_HEAD = ["行政复议|行政诉讼", "结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉"]

def write(name, text, encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="\n") as f:
        f.write(text)

def doc(title, prose, t2rows, t3lines, t4lines, style, chrome=(), heading3=True, six="本年度未收取信息处理费。"):
    sep = {"tab": "\t", "md": " | ", "pdf": "  ", "glued": ""}[style]
    def t2(label, vals):
        parts = label.split("|") + ([str(x) for x in vals] if vals else [])
        return ("| " + " | ".join(parts) + " |") if style == "md" else sep.join(parts) if style != "glued" or vals is None else "".join(parts)
    head3 = [("| " + " | ".join(h.split("|")) + " |") if style == "md" else sep.join(h.split("|")) for h in T3_HEAD]
    head4 = [("| " + " | ".join(h.split("|")) + " |") if style == "md" else sep.join(h.split("|")) for h in T4_HEAD]
    lines = list(chrome) + [title, "", "一、总体情况", prose, "", "二、主动公开政府信息情况"] + [t2(l, v) for l, v in t2rows]
    if heading3:
        lines.append("三、收到和处理政府信息公开申请情况")
    lines += head3 + t3lines + ["四、政府信息公开行政复议、行政诉讼情况"] + head4 + t4lines
    lines += ["五、存在的主要问题及改进情况", "信息公开的内容有待进一步完善。", "六、其他需要报告的事项", six]
    return "\n".join(lines) + "\n"

ZERO_T2 = {}
# 1. 兴仁市 — flattened text, glued digits: each T3 row label + digits with no separators, T4 one glued run.
xr_t3 = {"new_received": row6([8,1,0,0,0,1]), "carried_over": row6([2,0,0,0,0,0]),
         "granted": row6([5,1,0,0,0,0]), "unable_not_held": row6([2,0,0,0,0,1]), "np_duplicate": row6([1,0,0,0,0,0]),
         "results_total": row6([8,1,0,0,0,1]), "carried_forward": row6([2,0,0,0,0,0])}
xr_t4 = {"review": [1,0,0,0,1]}
prose = "2022年，全市共主动公开各类政府信息12888条。"
write("xingren_city_2022_flat.txt", doc("兴仁市人民政府2022年政府信息公开工作年度报告", prose, t2_2021({}), t3_lines(xr_t3, 2021, "glued"),
      ["".join(str(x) for x in t4_values(xr_t4))], "glued"))
v = table_values(xr_t3, xr_t4, {}); v["ch.total"] = 12888; v["s6.processing_fees_yuan"] = 0
expected("xingren_city_2022_flat", {"# source": "http://www.qxn.gov.cn/zfxxgk/zfxxgknb/2022n/xs/202303/t20230320_78593121.html (title, 12888 items, 10 new + 2 carried over, 2 carried forward, 1 review; column split and outcomes constructed)",
         "# mess": "flattened: every table row's cells glued into one digit run; T4 one 15-digit run", "agency": "兴仁市人民政府", "year": 2022}, v, 2021)

# 2. 兴仁市 again with the whole T3 on one line: next row's ordinal glued onto the last figure.
write("xingren_city_2022_oneline.txt", doc("兴仁市人民政府2022年政府信息公开工作年度报告", prose, t2_2021({}), ["".join(t3_lines(xr_t3, 2021, "glued"))],
      ["".join(str(x) for x in t4_values(xr_t4))], "glued"))
expected("xingren_city_2022_oneline", {"# source": "as xingren_city_2022_flat", "# mess": "the whole T3 on one line: labels, ordinals and digits glued (…00000002.其他法律…)",
         "agency": "兴仁市人民政府", "year": 2022}, v, 2021)

# 3. 高淳区 — PDF layout text (2021): spaces between cells, vertical merged cell, wrapped label, T4 over two lines.
gc_t3 = {"new_received": row6([120,8,0,0,0,2]), "granted": row6([32,8,0,0,0,0]), "partially_granted": row6([19,0,0,0,0,0]),
         "denied_internal_affairs": row6([12,0,0,0,0,0]), "denied_process_info": row6([20,0,0,0,0,0]),
         "unable_not_held": row6([24,0,0,0,0,2]), "np_duplicate": row6([1,0,0,0,0,0]), "other_no_correction": row6([12,0,0,0,0,0]),
         "results_total": row6([120,8,0,0,0,2])}
gc_t4 = {"review": [2,1,0,0,3], "lit_direct": [0,0,1,1,2]}
lines = []
for code, label in t3_rows(2021):
    vals = " ".join(str(x) for x in gc_t3.get(code, [0]*7))
    parts = label.split("|")
    if code == "granted":
        lines += ["三、", "本", "年", "度", "办", "理", "结", "果", parts[1] + "  " + vals]
    elif code in ("other_no_correction", "other_fee_unpaid"):
        lab = parts[-1]
        lines += [(parts[0] + " " if len(parts) > 1 else "") + lab[:18], lab[18:] + "  " + vals]
    else:
        lines.append(" ".join(parts) + "  " + vals)
t4v = [str(x) for x in t4_values(gc_t4)]
gprose = "通过“高淳区人民政府门户网站”发布信息4583条，其中主动公开各类政府信息2107条；通过“高淳发布”新浪微博发布各类信息6012条，“高淳发布”微信订阅号发布各类信息722条。"
write("gaochun_district_2022_pdf.txt", doc("南京市高淳区人民政府2022年政府信息公开工作年度报告", gprose, t2_2021({"t2.normative_docs.issued": 6, "t2.normative_docs.in_force": 41}),
      lines, [" ".join(t4v[:8]), " ".join(t4v[8:])], "pdf"))
v = table_values(gc_t3, gc_t4, {"t2.normative_docs.issued": 6, "t2.normative_docs.in_force": 41})
v.update({"ch.website": 4583, "ch.total": 2107, "ch.weibo": 6012, "ch.wechat": 722, "s6.processing_fees_yuan": 0})
gmeta = {"# source": "https://www.nanjing.gov.cn/zzb/zfxxgk/zfxxgknb/gqzf_72697/gcqrmzf/202302/t20230220_3830939.html (prose figures, 130 requests and outcome group sizes; column split, T2 and T4 constructed)",
         "agency": "南京市高淳区人民政府", "year": 2022}
expected("gaochun_district_2022_pdf", dict(gmeta, **{"# mess": "PDF layout: spaces between cells, merged cell one character per line, wrapped labels with figures on the wrapped line, T4 split over two lines"}), v, 2021)

# 4. The shared sample, unchanged (tab-separated), as the baseline.
v = {"t2.normative_docs.issued": 1, "t2.normative_docs.repealed": 2, "t2.normative_docs.in_force": 5,
     "t3.new_received.natural_person": 1, "t3.new_received.total": 1, "t3.granted.natural_person": 1, "t3.granted.total": 1,
     "t3.results_total.natural_person": 1, "t3.results_total.total": 1, "ch.total": 1291, "ch.website": 319, "ch.weibo": 341,
     "ch.wechat": 631, "s1.public_message_replies": 1, "s6.processing_fees_yuan": 0}
expected("jiyuan_industry_2023_sample", {"# source": "/work/shared/samples/2023_industry_tech_bureau_report.txt (real report)", "# mess": "none: tab-separated tables",
         "agency": "工业信息和科技局", "year": 2023}, v, 2021)

# 5. 杨凌示范区审计局 — markdown tables as converted from the web page (real T2 rows; no requests, per its prose).
yl = doc("杨凌示范区审计局2022年政府信息公开工作年度报告", "2022年，我局通过示范区管委会网站审计信息栏目公开信息20条。", t2_2021({}),
         t3_lines({}, 2021, "md"), ["| " + " | ".join(str(x) for x in t4_values({})) + " |"], "md")
write("yangling_audit_2022.md", yl.replace("| 规章 |", "| 1、规章 |"))
expected("yangling_audit_2022", {"# source": "https://yangling.gov.cn/zwgk/gknb/bmnb/1619593655548706818.html (T2 as printed, 未收到依申请公开事项; title from the page, excerpt starts at section 一)",
         "# mess": "markdown tables with padding cells; label drift 1、规章", "agency": "杨凌示范区审计局", "year": 2022}, {"ch.website": 20, "s6.processing_fees_yuan": 0}, 2021)

# 6. 蒲纺工业园区 2020 — markdown, 2019 format (real T2 figures).
pf_t2 = {"t2.normative_docs.new_made": 33, "t2.normative_docs.new_published": 8, "t2.normative_docs.total_published": 8}
pf = doc("蒲纺工业园区2020年政府信息公开工作年度报告", "2020年度共通过公示栏等形式发布信息108条，通过网站公开信息33条，其中通过网站公开规范性文件8个。",
         t2_2019(pf_t2), t3_lines({}, 2019, "md"), ["| " + " | ".join(str(x) for x in t4_values({})) + " |"], "md")
write("chibi_pufang_2020.md", pf)
v = dict(pf_t2); v.update({"ch.website": 33, "s6.processing_fees_yuan": 0})
expected("chibi_pufang_2020", {"# source": "http://chibi.gov.cn/xxgk/xxgknb/xzbm/2020nb/202101/t20210112_2252094.shtml (title, prose, T2 and the zero T3 rows shown)",
         "# mess": "markdown, 2019 format (规范性文件, 上一年项目数量 / 本年增/减)", "agency": "蒲纺工业园区", "year": 2020}, v, 2019)

# 7. 孝感市人民政府办公室 2020 — GB2312 web page with chrome, 2019 format, blank cells in a row.
xg_t2 = {"t2.regulations.new_made": 2, "t2.regulations.new_published": 2, "t2.regulations.total_published": 3,
         "t2.normative_docs.new_made": 11, "t2.normative_docs.new_published": 11, "t2.normative_docs.total_published": 119}
xg_t3 = {"new_received": row6([13,0,0,0,0,0]), "granted": row6([10,0,0,0,0,0]), "unable_not_held": row6([3,0,0,0,0,0]), "results_total": row6([13,0,0,0,0,0])}
def html_table(rows):
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
t2h = html_table([l.split("|") + [str(x) for x in (vals or [])] for l, vals in t2_2019(xg_t2)])
t3rows = [l.split("|") + [str(x) for x in xg_t3.get(c, [0]*7)] for c, l in t3_rows(2019)]
t3rows = [r if not r[-1].startswith("8.") and "行政查询" not in r[-8] else r for r in t3rows]
for r in t3rows:
    if "行政查询事项" in "".join(r):
        r[-6:-1] = [""] * 5   # blank cells between 0 and the total: not reported
t3h = html_table([h.split("|") for h in T3_HEAD] + t3rows)
t4h = html_table([h.split("|") for h in T4_HEAD] + [[str(x) for x in t4_values({})]])
page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>孝感市人民政府办公室2020年政府信息公开工作年度报告_孝感市人民政府</title>
<style>.x{{color:red}}</style><script>var a = "2019年";</script></head><body>
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div><div>发布日期：2021-01-25　来源：孝感市人民政府办公室</div>
<h1>孝感市人民政府办公室</h1><h2>2020年政府信息公开工作年度报告</h2>
<p>一、总体情况</p><p>2020年编制《孝感市人民政府公报》6期。市政府办公室全年办理政府信息依申请公开13件。</p>
<p>二、主动公开政府信息情况</p>{t2h}<p>三、收到和处理政府信息公开申请情况</p>{t3h}
<p>四、政府信息公开行政复议、行政诉讼情况</p>{t4h}<p>五、存在的主要问题及改进情况</p><p>有待完善。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取任何费用。</p><div class="foot">主办：孝感市人民政府办公室</div></body></html>"""
write("xiaogan_office_2020.htm", page, encoding="gb2312")
v = table_values(xg_t3, {}, xg_t2)
v.update({f"t3.denied_admin_query.{c}": "" for c in COLS[1:6]}); v["ch.gazette"] = 6; v["s6.processing_fees_yuan"] = 0
expected("xiaogan_office_2020", {"# source": "https://www.xiaogan.gov.cn/c/www/bmnb/166938.jhtml (title, T2 rows, 13 requests, 6 issues of the gazette; T3 outcome split constructed)",
         "# mess": "GB2312 web page: meta charset, breadcrumb, date, script; title split over two headings; blank cells", "agency": "孝感市人民政府办公室", "year": 2020}, v, 2019)
