<?xml version="1.0" encoding="UTF-8"?>
<!--
  The 20 benchmark checks of bench/CHECKS.md in XSLT 1.0: prints one
  line "station_id,check" per violation, for every <station> (a single
  dossier or the children of a <stations> stream).
    xsltproc bench/peers/bench.xsl FILE.xml...
  With the parameter mark set (xsltproc's stringparam option: mark 1) it also prints "@id" at the
  start of each station, so that violations can be attributed to the right
  dossier even when its id is missing or malformed (R01).  Same XPath 1.0
  tests as bench/peers/bench.sch; keep in step with bench/pack.yaml.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="mark" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="station | stations/station"/>
  </xsl:template>

  <xsl:template match="station">
    <xsl:variable name="id" select="string(id)"/>
    <xsl:if test="$mark != ''">
      <xsl:text>@</xsl:text><xsl:value-of select="$id"/><xsl:text>&#10;</xsl:text>
    </xsl:if>
    <!-- R01: id matches ^[0-9]{9,12}-S[0-9]{2}$ -->
    <xsl:if test="not(string-length(id) &gt;= 13 and string-length(id) &lt;= 16 and substring(id, string-length(id) - 3, 2) = '-S' and translate(substring(id, 1, string-length(id) - 4), '0123456789', '') = '' and translate(substring(id, string-length(id) - 1), '0123456789', '') = '')">
      <xsl:value-of select="$id"/><xsl:text>,R01&#10;</xsl:text>
    </xsl:if>
    <!-- R02: name ends with a standard designation -->
    <xsl:if test="not(substring(name, string-length(name) - 6) = '社会工作服务站' or substring(name, string-length(name) - 2) = '社工站' or substring(name, string-length(name) - 4) = '社会工作室' or substring(name, string-length(name) - 2) = '社工室' or substring(name, string-length(name) - 9) = '社会工作综合服务中心')">
      <xsl:value-of select="$id"/><xsl:text>,R02&#10;</xsl:text>
    </xsl:if>
    <!-- R03: level is city, county, township or village -->
    <xsl:if test="not(level = 'city' or level = 'county' or level = 'township' or level = 'village')">
      <xsl:value-of select="$id"/><xsl:text>,R03&#10;</xsl:text>
    </xsl:if>
    <!-- R04: region/code is 9 digits for a township, 12 for a village -->
    <xsl:if test="not(not(level = 'township' or level = 'village') or (level = 'township' and string-length(region/code) = 9 and translate(region/code, '0123456789', '') = '') or (level = 'village' and string-length(region/code) = 12 and translate(region/code, '0123456789', '') = ''))">
      <xsl:value-of select="$id"/><xsl:text>,R04&#10;</xsl:text>
    </xsl:if>
    <!-- R05: credit code of the GB 32100 shape, when present -->
    <xsl:if test="not(not(operation/operator/credit_code) or (string-length(operation/operator/credit_code) = 18 and translate(substring(operation/operator/credit_code, 1, 2), '0123456789ABCDEFGHJKLMNPQRTUWXY', '') = '' and translate(substring(operation/operator/credit_code, 3, 6), '0123456789', '') = '' and translate(substring(operation/operator/credit_code, 9), '0123456789ABCDEFGHJKLMNPQRTUWXY', '') = ''))">
      <xsl:value-of select="$id"/><xsl:text>,R05&#10;</xsl:text>
    </xsl:if>
    <!-- R06: a township station has independent premises -->
    <xsl:if test="not(not(level = 'township') or premises/independent = 'true')">
      <xsl:value-of select="$id"/><xsl:text>,R06&#10;</xsl:text>
    </xsl:if>
    <!-- R07: premises/area_m2 is a number of at least 30 -->
    <xsl:if test="not(number(premises/area_m2) &gt;= 30)">
      <xsl:value-of select="$id"/><xsl:text>,R07&#10;</xsl:text>
    </xsl:if>
    <!-- R08: signage/plaque is true -->
    <xsl:if test="not(signage/plaque = 'true')">
      <xsl:value-of select="$id"/><xsl:text>,R08&#10;</xsl:text>
    </xsl:if>
    <!-- R09: the four boards -->
    <xsl:if test="not(signage/boards = 'plaque' and signage/boards = 'management_rules' and signage/boards = 'operating_model' and signage/boards = 'service_content')">
      <xsl:value-of select="$id"/><xsl:text>,R09&#10;</xsl:text>
    </xsl:if>
    <!-- R10: computer and printer -->
    <xsl:if test="not(equipment = 'computer' and equipment = 'printer')">
      <xsl:value-of select="$id"/><xsl:text>,R10&#10;</xsl:text>
    </xsl:if>
    <!-- R11: uniform is true -->
    <xsl:if test="not(uniform = 'true')">
      <xsl:value-of select="$id"/><xsl:text>,R11&#10;</xsl:text>
    </xsl:if>
    <!-- R12: at least 2 full-time staff -->
    <xsl:if test="not(count(staff[employment = 'full_time']) &gt;= 2)">
      <xsl:value-of select="$id"/><xsl:text>,R12&#10;</xsl:text>
    </xsl:if>
    <!-- R13: at least 2 certified staff -->
    <xsl:if test="not(count(staff[certificate/level != '']) &gt;= 2)">
      <xsl:value-of select="$id"/><xsl:text>,R13&#10;</xsl:text>
    </xsl:if>
    <!-- R14: at least half of the staff qualified -->
    <xsl:if test="not(2 * count(staff[certificate/level != '' or degree/major = 'social_work']) &gt;= count(staff))">
      <xsl:value-of select="$id"/><xsl:text>,R14&#10;</xsl:text>
    </xsl:if>
    <!-- R15: certificate numbers of 16 digits -->
    <xsl:if test="not(not(staff/certificate/number[not(string-length(.) = 16 and translate(., '0123456789', '') = '')]))">
      <xsl:value-of select="$id"/><xsl:text>,R15&#10;</xsl:text>
    </xsl:if>
    <!-- R16: services with categories from the vocabulary -->
    <xsl:if test="not(services and not(services[not(category = 'social_assistance' or category = 'child_welfare' or category = 'elderly_care' or category = 'social_affairs' or category = 'community_governance' or category = 'disability' or category = 'emergency_response' or category = 'party_mass' or category = 'environment' or category = 'hotline_response' or category = 'psychology' or category = 'community_care')]))">
      <xsl:value-of select="$id"/><xsl:text>,R16&#10;</xsl:text>
    </xsl:if>
    <!-- R17: service targets from the vocabulary -->
    <xsl:if test="not(not(services/targets[not(. = 'poor_family' or . = 'empty_nest_elderly' or . = 'left_behind_child' or . = 'child_in_difficulty' or . = 'disabled' or . = 'migrant' or . = 'low_income' or . = 'elderly' or . = 'minor')]))">
      <xsl:value-of select="$id"/><xsl:text>,R17&#10;</xsl:text>
    </xsl:if>
    <!-- R18: purchased service: operator credit code and contract end not before 2022-01-01 -->
    <xsl:if test="not(not(operation/mode = 'purchased') or (operation/operator/credit_code and string-length(operation/contract/end) = 10 and substring(operation/contract/end, 5, 1) = '-' and substring(operation/contract/end, 8, 1) = '-' and translate(operation/contract/end, '0123456789', '') = '--' and number(translate(operation/contract/end, '-', '')) &gt;= 20220101))">
      <xsl:value-of select="$id"/><xsl:text>,R18&#10;</xsl:text>
    </xsl:if>
    <!-- R19: established is YYYY-MM-DD -->
    <xsl:if test="not(string-length(established) = 10 and substring(established, 5, 1) = '-' and substring(established, 8, 1) = '-' and translate(established, '0123456789', '') = '--')">
      <xsl:value-of select="$id"/><xsl:text>,R19&#10;</xsl:text>
    </xsl:if>
    <!-- R20: volunteers and social organisations at least 1 -->
    <xsl:if test="not(number(linkage/volunteers) &gt;= 1 and number(linkage/social_organizations) &gt;= 1)">
      <xsl:value-of select="$id"/><xsl:text>,R20&#10;</xsl:text>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
