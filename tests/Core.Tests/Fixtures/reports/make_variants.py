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

# ---- Second batch: one kind of mess each (OCR, page breaks, label drift, lost headings, chrome and titles, 2019 PDF).

def pdf_t3(t3, version, merged=True):
    """PDF-layout T3 rows: spaces between cells; the merged 三、本年度办理结果 cell one character per line."""
    out = []
    for code, label in t3_rows(version):
        vals = " ".join(str(x) for x in t3.get(code, [0] * 7))
        parts = label.split("|")
        if code == "granted" and merged:
            out += ["三、", "本", "年", "度", "办", "理", "结", "果", parts[1] + "  " + vals]
        else:
            out.append(" ".join(parts) + "  " + vals)
    return out

# 8. 福州高新区 2022 — OCR'd markdown: misread characters in row labels, a T2 label and a section heading.
gx_t3 = {"new_received": row6([21,3,0,0,0,0]), "carried_over": row6([6,0,0,0,0,0]), "granted": row6([17,3,0,0,0,0]),
         "partially_granted": row6([6,0,0,0,0,0]), "denied_process_info": row6([2,0,0,0,0,0]), "np_duplicate": row6([1,0,0,0,0,0]),
         "results_total": row6([26,3,0,0,0,0]), "carried_forward": row6([1,0,0,0,0,0])}
gx_t4 = {"review": [1,0,0,0,1], "lit_direct": [0,0,0,1,1]}
gx_t2 = {"t2.normative_docs.issued": 2, "t2.normative_docs.in_force": 9, "t2.admin_penalty.decisions": 4}
gx = doc("福州高新区2022年政府信息公开工作年度报告",
         "2022年，高新区依申请公开仍主要涉及征地拆迁和城市建设方面。共受理申请公开24件，办结29件（含2021年度结转6件），结转2023年度继续办理1件。",
         t2_2021(gx_t2), t3_lines(gx_t3, 2021, "md"), ["| " + " | ".join(str(x) for x in t4_values(gx_t4)) + " |"], "md")
for right, misread in [("三、收到和处理政府信息", "三、收到和处理政付信息"), ("上年结转政府", "上年结椟政府"), ("(一)予以公开", "(一)予以公幵"),
                       ("(二)部分公开", "(二)部分公幵"), ("第三方合法权益", "第三方合法杈益"), ("四类过程性信息", "四类过程性信忌"),
                       ("不掌握相关政府信息", "不掌楃相关政付信息"), ("2.重复申请", "2.重复申淸"), ("已获取信息", "己获取信息"),
                       ("继续办理", "继续办埋"), ("| 行政处罚 |", "| 行政处罸 |"), ("| 行政规范性文件 |", "| 行政规范性文仵 |")]:
    assert right in gx, right
    gx = gx.replace(right, misread)
write("fuzhou_hitech_2022_ocr.md", gx)
v = table_values(gx_t3, gx_t4, gx_t2); v["s6.processing_fees_yuan"] = 0
expected("fuzhou_hitech_2022_ocr", {"# source": "https://fzgxq.fuzhou.gov.cn/zfxxgkzl/ndbg/202301/t20230119_4525496.htm (prose: 24 received, 6 carried over, 20 granted, 6 partly, 2 refused, 1 not processed, 1 carried forward, one review and one lawsuit; title from the prose's name; column split, refusal and not-processed reasons, T2 and T4 columns constructed)",
         "# mess": "OCR'd markdown: 政府→政付 (heading, label), 转→椟, 开→幵, 权→杈, 息→忌, 握→楃, 请→淸, 已→己, 理→埋, 罚→罸, 件→仵",
         "agency": "福州高新区", "year": 2022}, v, 2021)

# 9. 湄洲岛管委会 2022 — PDF text with page breaks inside T3 (one inside a wrapped label) and inside T4's figures:
#    page number footer, running title and the T3 column headers repeated at the top of the next page.
mz_t3 = {"new_received": row6([5,1,0,0,0,0]), "granted": row6([3,1,0,0,0,0]), "denied_third_party": row6([1,0,0,0,0,0]),
         "other_no_correction": row6([1,0,0,0,0,0]), "results_total": row6([5,1,0,0,0,0])}
mz_t4 = {"review": [0,1,0,0,1]}
mz_title = "湄洲岛管委会2022年政府信息公开工作年度报告"
page_break = lambda n: [f"— {n} —", mz_title] + ["  ".join(h.split("|")) for h in T3_HEAD]
lines = pdf_t3(mz_t3, 2021)
at = next(i for i, l in enumerate(lines) if l.startswith("6.属于四类过程性信息"))
lines[at:at] = page_break(3)
at = next(i for i, l in enumerate(lines) if "逾期不补正" in l)
head, rest = lines[at].split("不补正、", 1)
lines[at:at + 1] = [head + "不补正、"] + page_break(4) + [rest]
t4v = [str(x) for x in t4_values(mz_t4)]
mz = doc(mz_title, "2022年，我区着力抓好政策信息公开发布，共区政府网站主动公开政府信息99条，其中区本级政府主动公开政府信息67条。",
         t2_2021({}), lines, [" ".join(t4v[:6]), "— 5 —", mz_title, " ".join(t4v[6:])], "pdf")
write("meizhou_island_2022_pagebreak.txt", mz)
v = table_values(mz_t3, mz_t4, {}); v.update({"ch.total": 99, "ch.website": 99, "s6.processing_fees_yuan": 0})
expected("meizhou_island_2022_pagebreak", {"# source": "https://mzd.putian.gov.cn/zfxxgkzl/zfxxgkndbg/2022nzfxxgkndbg/ptsmzdgjlydjqgwhbgs/202302/t20230214_1799488.htm (title and the 99 items of the prose; T3 and T4 figures constructed)",
         "# mess": "PDF text: page breaks inside T3 (one inside the wrapped 逾期不补正 label) and inside T4's figures; page number, running title and the T3 column headers repeated",
         "agency": "湄洲岛管委会", "year": 2022}, v, 2021)

# 10. 福州市城乡建设局 2022 — tab-separated, label drift throughout.
cj_t3 = {"new_received": row6([40,7,0,0,0,0]), "granted": row6([6,2,0,0,0,0]), "partially_granted": row6([2,0,0,0,0,0]),
         "denied_third_party": row6([0,1,0,0,0,0]), "unable_not_held": row6([16,4,0,0,0,0]), "unable_needs_compilation": row6([4,0,0,0,0,0]),
         "unable_unclear": row6([3,0,0,0,0,0]), "np_petition_complaint": row6([1,0,0,0,0,0]), "np_duplicate": row6([1,0,0,0,0,0]),
         "other_no_correction": row6([7,0,0,0,0,0]), "results_total": row6([40,7,0,0,0,0])}
cj_t4 = {"review": [1,0,0,0,1]}
cj_t2 = {"t2.regulations.in_force": 0, "t2.normative_docs.issued": 1, "t2.normative_docs.in_force": 12, "t2.admin_licensing.decisions": 356}
cj = doc("福州市城乡建设局2022年政府信息公开工作年度报告",
         "2022年我局机关及局属各单位在中国福州门户网站信息公开专栏上主动公开政府信息154条。",
         t2_2021(cj_t2), t3_lines(cj_t3, 2021, "tab"), ["\t".join(str(x) for x in t4_values(cj_t4))], "tab")
for right, drift in [("行政规范性文件\t", "规范性文件\t"), ("\n规章\t", "\n1、规章\t"), ("第二十条第(一)项", "第二十条第（一）项"),
                     ("一、本年新收", "一、本年度新收"), ("二、上年结转", "二、上一年度结转"), ("(一)予以公开", "（一）予以公开"),
                     ("1.属于国家秘密", "1、属于国家秘密"), ("2.其他法律", "2．其他法律"), ("3.危及", "３．危及"), ("8.属于行政查询", "8. 属于行政查询"),
                     ("(六)其他处理\t1.申请人", "（六）其他处理\t1．申请人"), ("\n3.其他\t", "\n3、其他\t"), ("(七)总计", "（七）总计"),
                     ("四、政府信息公开行政复议", "四、政府信息公开行政法复议"), ("结果维持", "结果 维持"),
                     ("(本列数据的勾稽关系为：", "（本列数据的勾稽关系为:")]:
    assert right in cj, right
    cj = cj.replace(right, drift)
write("fuzhou_construction_2022_drift.txt", cj)
v = table_values(cj_t3, cj_t4, cj_t2); v.update({"ch.total": 154, "s6.processing_fees_yuan": 0})
expected("fuzhou_construction_2022_drift", {"# source": "https://zjj.fuzhou.gov.cn/zfxxgkzl/ndbg/202301/t20230109_4518356.htm (154 items; 47 requests: 8 granted, 2 partly, 27 cannot provide, 1 refused, 7 told to correct (loaded as 逾期不补正), 2 not processed; title from the page; column split, reasons within each group, T2 and T4 constructed)",
         "# mess": "label drift: 规范性文件 in the 2021 form, 1、/1．/３．/8. ordinals, full-width brackets, 本年度新收, 上一年度结转, 结果 维持, 行政法复议",
         "agency": "福州市城乡建设局", "year": 2022}, v, 2021)

# 11. 井冈山经开区 2022 — the 三、 and 四、 headings lost: T3 follows T2 directly, T4's headers and figures follow T3.
jg_t3 = {"new_received": row6([12,2,0,0,1,0]), "carried_over": row6([1,0,0,0,0,0]), "granted": row6([6,1,0,0,0,0]),
         "partially_granted": row6([2,0,0,0,0,0]), "unable_not_held": row6([3,0,0,0,1,0]), "np_duplicate": row6([1,0,0,0,0,0]),
         "other_misc": row6([0,1,0,0,0,0]), "results_total": row6([12,2,0,0,1,0]), "carried_forward": row6([1,0,0,0,0,0])}
jg_t4 = {"review": [0,1,0,0,1]}
jg = doc("井冈山经开区2022年政府信息公开工作年度报告", "一年来，全区累计主动公开政府信息843条。", t2_2021({}),
         t3_lines(jg_t3, 2021, "tab"), ["\t".join(str(x) for x in t4_values(jg_t4))], "tab", heading3=False)
jg = jg.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
write("jinggangshan_2022_noheadings.txt", jg)
v = table_values(jg_t3, jg_t4, {}); v.update({"ch.total": 843, "s6.processing_fees_yuan": 0})
expected("jinggangshan_2022_noheadings", {"# source": "https://beivbo.com/jkq/xxgk-show-10193581 (mirror of the report: title and the 843 items; T3 and T4 figures constructed)",
         "# mess": "section headings 三、 and 四、 missing: T3 and T4 recognised by their rows and headers alone",
         "agency": "井冈山经开区", "year": 2022}, v, 2021)

# 12. 福州自贸片区 2022 — web page: breadcrumb holding the title, 索引号/发布机构/发布日期 table, 来源, "2022年度" title,
#     non-standard section numbering (二．, 三. , 第四部分).
ftz_name = "中国(福建)自由贸易试验区福州片区管理委员会"
ftz_t3 = {"new_received": row6([2,0,0,0,0,0]), "granted": row6([1,0,0,0,0,0]), "unable_not_held": row6([1,0,0,0,0,0]),
          "results_total": row6([2,0,0,0,0,0])}
t2h = html_table([l.split("|") + [str(x) for x in (vals or [])] for l, vals in t2_2021({})])
t3h = html_table([h.split("|") for h in T3_HEAD] + [l.split("|") + [str(x) for x in ftz_t3.get(c, [0]*7)] for c, l in t3_rows(2021)])
t4h = html_table([h.split("|") for h in T4_HEAD] + [[str(x) for x in t4_values({})]])
ftz = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告_福州自贸片区</title></head><body>
<div class="crumb">您现在的位置：首页 &gt; 政府信息公开 &gt; 年度报告 &gt; {ftz_name}2022年度政府信息公开工作年度报告</div>
<table class="meta"><tr><td>索引号</td><td>FZ00113-0300-2023-00002</td><td>发布机构</td><td>福州片区管委会</td></tr>
<tr><td>发布日期</td><td>2023-01-11</td><td>来源</td><td>政策法规研究室</td></tr></table>
<h1>{ftz_name}2022年度政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>网站全年主动公开政府信息3条，其中行政许可类信息1条，其他应主动公开信息2条。</p>
<p>二．主动公开政府信息情况</p>{t2h}<p>三. 收到和处理政府信息公开申请情况</p>{t3h}
<p>第四部分 政府信息公开行政复议、行政诉讼情况</p>{t4h}<p>五、存在的主要问题及改进情况</p><p>信息公开的内容有待进一步丰富。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p><div class="foot">主办：{ftz_name} 电话：0591-28200507</div></body></html>"""
write("fuzhou_ftz_2022_chrome.htm", ftz)
v = table_values(ftz_t3, {}, {}); v.update({"ch.total": 3, "ch.website": 3, "s6.processing_fees_yuan": 0})
expected("fuzhou_ftz_2022_chrome", {"# source": "http://fzftz.fuzhou.gov.cn/zfxxgkzl/ndbg/202301/t20230111_4520163.htm (agency from its contact line, 3 items on the website, 2 requests from natural persons; title wording, outcome split and page chrome constructed)",
         "# mess": "web page chrome: breadcrumb ending in the title, 索引号/发布机构/发布日期/来源 table, generic <title>; '2022年度' title; sections numbered 二． 三. 第四部分",
         "agency": ftz_name, "year": 2022}, v, 2021)

# 13. 上海市人民政府办公厅 2020 — 2019 form as PDF-layout text, year before the agency in the title, page chrome above it.
sh_t2 = {"t2.regulations.new_made": 12, "t2.regulations.new_published": 12, "t2.regulations.total_published": 98,
         "t2.normative_docs.new_made": 43, "t2.normative_docs.new_published": 43, "t2.normative_docs.total_published": 270}
sh_t3 = {"new_received": [300,40,2,1,5,3,351], "carried_over": row6([20,2,0,0,0,0]), "granted": row6([120,15,0,0,2,0]),
         "partially_granted": row6([30,5,0,0,0,0]), "denied_state_secret": row6([2,0,0,0,0,0]), "denied_process_info": row6([10,2,0,0,0,0]),
         "unable_not_held": row6([100,12,2,1,3,2]), "np_petition_complaint": row6([15,0,0,0,0,0]), "np_duplicate": row6([8,0,0,0,0,1]),
         "other_misc": row6([10,3,0,0,0,0]), "results_total": row6([295,37,2,1,5,3]), "carried_forward": row6([25,5,0,0,0,0])}
sh_t4 = {"review": [3,1,0,1,5], "lit_direct": [2,0,0,2,4], "lit_after_review": [1,0,0,0,1]}
sh_title = "2020年上海市人民政府办公厅政府信息公开工作年度报告"
t4v = [str(x) for x in t4_values(sh_t4)]
sh = doc(sh_title, "2020年，通过“中国上海”门户网站、《上海市人民政府公报》等平台主动公开规章12件，行政规范性文件43件，市政府其他文件93件，人事任免文件142件。",
         t2_2019(sh_t2), pdf_t3(sh_t3, 2019), [" ".join(t4v)], "pdf",
         chrome=["首页 > 政务公开 > 政府信息公开年报 > " + sh_title, "字号：大 中 小", "发布日期：2021-01-27    来源：上海市人民政府办公厅", ""])
sh = sh.replace("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况")
sh = sh.replace("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
write("shanghai_office_2020_pdf.txt", sh)
v = table_values(sh_t3, sh_t4, sh_t2); v["s6.processing_fees_yuan"] = 0
expected("shanghai_office_2020_pdf", {"# source": "https://shanghai.gov.cn/nw12344/20210127/dc2f6946248e4f5082644e0a17037633.html (title, section titles, 12 regulations and 43 normative documents published; totals published, T3 and T4 constructed)",
         "# mess": "2019 form as PDF-layout text (spaces between cells, merged cell one character per line); year before the agency in the title; breadcrumb, 字号, 发布日期/来源 above it; the prose names 公报 before counting 规章 (no gazette count)",
         "agency": "上海市人民政府办公厅", "year": 2020}, v, 2019)
