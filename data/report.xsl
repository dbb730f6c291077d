<?xml version="1.0" encoding="UTF-8"?>
<!--
  cscap's HTML report: one self-contained page (no scripts, no external
  resources) made from an ARF result data stream or from XCCDF results
  (a Benchmark with its TestResult), XCCDF 1.2 or 1.1.

  From ARF it also shows the evidence behind each OVAL-checked rule: the
  items of the OVAL system characteristics that the rule's tests examined
  (for containers: name, id, image, state, the fields the test checks,
  where the engine reported them, and the excluded/scanner marks).

  XSLT 1.0 without extensions, so any XSLT processor (libxslt, xsltproc, a
  browser) renders it the same way.  Parameter: generator (the tool that
  made the page; shown in the footer).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:x="http://checklists.nist.gov/xccdf/1.2"
    xmlns:x11="http://checklists.nist.gov/xccdf/1.1"
    xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1"
    xmlns:ai="http://scap.nist.gov/schema/asset-identification/1.1"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:ores="http://oval.mitre.org/XMLSchema/oval-results-5"
    xmlns:odef="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:osc="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
    xmlns:csc="urn:cscap:xml:oval-system-characteristics-5#container"
    exclude-result-prefixes="x x11 arf ai dc ores odef osc csc">

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:param name="generator" select="'cscap'"/>

  <xsl:key name="rule" match="x:Rule | x11:Rule" use="@id"/>
  <!-- A multi-check rule has one rule-result per OVAL definition: a rule's
       rule-results, within their TestResult. -->
  <xsl:key name="rule-results" match="x:rule-result | x11:rule-result"
      use="concat(generate-id(..), '|', @idref)"/>
  <xsl:key name="profile" match="x:Profile | x11:Profile" use="@id"/>
  <!-- OVAL ids are unique within one OVAL report only: keys carry the report's id. -->
  <xsl:key name="oval-def-result" match="ores:definition"
      use="concat(ancestor::arf:report/@id, '|', @definition_id)"/>
  <xsl:key name="oval-test-result" match="ores:test"
      use="concat(ancestor::arf:report/@id, '|', @test_id)"/>
  <xsl:key name="oval-test" match="odef:tests/*"
      use="concat(ancestor::arf:report/@id, '|', @id)"/>
  <xsl:key name="oval-state" match="odef:states/*"
      use="concat(ancestor::arf:report/@id, '|', @id)"/>
  <xsl:key name="oval-item" match="osc:system_data/*"
      use="concat(ancestor::arf:report/@id, '|', @id)"/>

  <xsl:variable name="tr" select="(//x:TestResult | //x11:TestResult)[last()]"/>
  <xsl:variable name="bench" select="(//x:Benchmark | //x11:Benchmark)[1]"/>
  <xsl:variable name="results" select="$tr/x:rule-result | $tr/x11:rule-result"/>
  <xsl:variable name="shown" select="$results[not((x:result | x11:result) = 'notselected')]"/>
  <!-- One rule-result per rule (the first of a multi-check rule's), for the counts. -->
  <xsl:variable name="rules" select="$results[generate-id() = generate-id(key('rule-results', concat(generate-id(..), '|', @idref))[1])]"/>
  <xsl:variable name="sysinfo" select="(//osc:system_info)[1]"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$tr"><xsl:call-template name="page"/></xsl:when>
      <xsl:otherwise>
        <html><head><meta charset="utf-8"/><title>cscap report</title></head>
        <body><p>This document holds no XCCDF TestResult: nothing to report.</p></body></html>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:text>Compliance report: </xsl:text>
          <xsl:value-of select="$tr/x:target | $tr/x11:target"/>
          <xsl:text> (</xsl:text>
          <xsl:value-of select="$tr/@end-time"/>
          <xsl:text>)</xsl:text>
        </title>
        <style><xsl:call-template name="css"/></style>
      </head>
      <body>
        <header>
          <h1>
            <xsl:value-of select="($bench/x:title | $bench/x11:title)[1]"/>
            <xsl:if test="not($bench)">Compliance report</xsl:if>
          </h1>
          <p class="sub">
            <xsl:text>Scan of </xsl:text>
            <strong><xsl:value-of select="$tr/x:target | $tr/x11:target"/></strong>
            <xsl:text>, finished </xsl:text>
            <xsl:value-of select="$tr/@end-time"/>
          </p>
        </header>
        <main>
          <xsl:call-template name="overview"/>
          <xsl:call-template name="counts"/>
          <xsl:call-template name="findings"/>
          <section id="rules">
            <h2>Rules</h2>
            <xsl:apply-templates select="$shown"/>
          </section>
          <xsl:call-template name="not-selected"/>
        </main>
        <footer>
          <xsl:text>Made by </xsl:text><xsl:value-of select="$generator"/>
          <xsl:text> from TestResult </xsl:text><xsl:value-of select="$tr/@id"/>
          <xsl:text>. Test system </xsl:text><xsl:value-of select="$tr/@test-system"/><xsl:text>.</xsl:text>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Host, time, benchmark, profile, score -->
  <xsl:template name="overview">
    <section id="overview">
      <h2>Scan</h2>
      <table class="kv">
        <tr><th>Host</th><td><xsl:value-of select="$tr/x:target | $tr/x11:target"/></td></tr>
        <xsl:variable name="fqdn" select="($tr/*/*[@name='urn:xccdf:fact:asset:identifier:fqdn'])[1]"/>
        <xsl:if test="$fqdn">
          <tr><th>FQDN</th><td><xsl:value-of select="$fqdn"/></td></tr>
        </xsl:if>
        <xsl:if test="$tr/x:target-address | $tr/x11:target-address">
          <tr><th>Addresses</th><td>
            <xsl:for-each select="$tr/x:target-address | $tr/x11:target-address">
              <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </td></tr>
        </xsl:if>
        <xsl:if test="$sysinfo">
          <tr><th>Operating system</th><td>
            <xsl:value-of select="concat($sysinfo/osc:os_name, ' ', $sysinfo/osc:os_version, ' (', $sysinfo/osc:architecture, ')')"/>
          </td></tr>
        </xsl:if>
        <tr><th>Started</th><td><xsl:value-of select="$tr/@start-time"/></td></tr>
        <tr><th>Finished</th><td><xsl:value-of select="$tr/@end-time"/></td></tr>
        <tr><th>Benchmark</th><td>
          <xsl:value-of select="($tr/x:benchmark/@id | $tr/x11:benchmark/@id | $bench/@id)[1]"/>
          <xsl:if test="$tr/@version"><xsl:text>, version </xsl:text><xsl:value-of select="$tr/@version"/></xsl:if>
        </td></tr>
        <tr><th>Profile</th><td>
          <xsl:variable name="pid" select="($tr/x:profile/@idref | $tr/x11:profile/@idref)[1]"/>
          <xsl:choose>
            <xsl:when test="$pid">
              <xsl:value-of select="(key('profile', $pid)/x:title | key('profile', $pid)/x11:title)[1]"/>
              <xsl:text> </xsl:text><code><xsl:value-of select="$pid"/></code>
            </xsl:when>
            <xsl:otherwise>(the benchmark's default selection)</xsl:otherwise>
          </xsl:choose>
        </td></tr>
        <tr><th>Identity</th><td>
          <xsl:value-of select="$tr/x:identity | $tr/x11:identity"/>
          <xsl:if test="($tr/x:identity | $tr/x11:identity)/@privileged = 'true'"> (privileged)</xsl:if>
        </td></tr>
        <xsl:variable name="score" select="($tr/x:score | $tr/x11:score)[@system = 'urn:xccdf:scoring:default' or not(@system)][1]"/>
        <xsl:if test="$score">
          <tr><th>Score</th><td class="score">
            <xsl:value-of select="format-number($score, '0.0')"/>
            <xsl:text> / </xsl:text>
            <xsl:choose>
              <xsl:when test="$score/@maximum"><xsl:value-of select="format-number($score/@maximum, '0.0')"/></xsl:when>
              <xsl:otherwise>100.0</xsl:otherwise>
            </xsl:choose>
          </td></tr>
        </xsl:if>
      </table>
    </section>
  </xsl:template>

  <!-- Counts per result, and per severity -->
  <xsl:template name="counts">
    <section id="counts">
      <h2>Results</h2>
      <table class="counts">
        <tr>
          <th>Result</th>
          <th>All</th>
          <th>CAT I (high)</th>
          <th>CAT II (medium)</th>
          <th>CAT III (low)</th>
          <th>Other</th>
        </tr>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'pass'"/><xsl:with-param name="above" select="'|fail|error|unknown|notchecked|notapplicable|'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'fail'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'error'"/><xsl:with-param name="above" select="'|fail|'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'unknown'"/><xsl:with-param name="above" select="'|fail|error|'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'notapplicable'"/><xsl:with-param name="above" select="'|fail|error|unknown|notchecked|'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'notchecked'"/><xsl:with-param name="above" select="'|fail|error|unknown|'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'informational'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'fixed'"/></xsl:call-template>
        <xsl:call-template name="count-row"><xsl:with-param name="r" select="'notselected'"/></xsl:call-template>
        <tr class="total">
          <th>Total</th>
          <td><xsl:value-of select="count($rules)"/></td>
          <td><xsl:value-of select="count($rules[@severity = 'high'])"/></td>
          <td><xsl:value-of select="count($rules[@severity = 'medium'])"/></td>
          <td><xsl:value-of select="count($rules[@severity = 'low'])"/></td>
          <td><xsl:value-of select="count($rules[not(@severity = 'high' or @severity = 'medium' or @severity = 'low')])"/></td>
        </tr>
      </table>
    </section>
  </xsl:template>

  <!-- The rules whose result is r: for a multi-check rule, the AND of its
       definitions' results (r, and none of the results that come above r). -->
  <xsl:template name="count-row">
    <xsl:param name="r"/>
    <xsl:param name="above" select="''"/>
    <xsl:variable name="these" select="$rules[key('rule-results', concat(generate-id(..), '|', @idref))[(x:result | x11:result) = $r] and not(key('rule-results', concat(generate-id(..), '|', @idref))[contains($above, concat('|', x:result | x11:result, '|'))])]"/>
    <tr class="{$r}">
      <th><span class="badge {$r}"><xsl:value-of select="$r"/></span></th>
      <td><xsl:value-of select="count($these)"/></td>
      <td><xsl:value-of select="count($these[@severity = 'high'])"/></td>
      <td><xsl:value-of select="count($these[@severity = 'medium'])"/></td>
      <td><xsl:value-of select="count($these[@severity = 'low'])"/></td>
      <td><xsl:value-of select="count($these[not(@severity = 'high' or @severity = 'medium' or @severity = 'low')])"/></td>
    </tr>
  </xsl:template>

  <!-- The rules that need attention, first -->
  <xsl:template name="findings">
    <xsl:variable name="bad" select="$results[(x:result | x11:result) = 'fail' or (x:result | x11:result) = 'error' or (x:result | x11:result) = 'unknown']"/>
    <section id="findings">
      <h2>Findings</h2>
      <xsl:choose>
        <xsl:when test="not($bad)"><p>No rule failed, and every evaluated rule was decided.</p></xsl:when>
        <xsl:otherwise>
          <table class="list">
            <tr><th>Result</th><th>Severity</th><th>STIG id</th><th>Rule</th></tr>
            <xsl:for-each select="$bad">
              <xsl:variable name="rule" select="key('rule', @idref)"/>
              <tr>
                <td><span class="badge {x:result | x11:result}"><xsl:value-of select="x:result | x11:result"/></span></td>
                <td><xsl:call-template name="cat"><xsl:with-param name="sev" select="@severity"/></xsl:call-template></td>
                <td><xsl:value-of select="(@version | $rule/x:version | $rule/x11:version)[1]"/></td>
                <xsl:variable name="anchor"><xsl:call-template name="anchor"/></xsl:variable>
                <td><a href="#{$anchor}"><xsl:call-template name="rule-title"/></a></td>
              </tr>
            </xsl:for-each>
          </table>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="not-selected">
    <xsl:variable name="ns" select="$results[(x:result | x11:result) = 'notselected']"/>
    <xsl:if test="$ns">
      <section id="not-selected">
        <h2>Not selected (<xsl:value-of select="count($ns)"/>)</h2>
        <p class="note">The profile leaves these rules out; they were not evaluated.</p>
        <table class="list">
          <tr><th>STIG id</th><th>Rule id</th><th>Title</th></tr>
          <xsl:for-each select="$ns">
            <xsl:variable name="rule" select="key('rule', @idref)"/>
            <tr>
              <td><xsl:value-of select="(@version | $rule/x:version | $rule/x11:version)[1]"/></td>
              <td><code><xsl:call-template name="sv-id"><xsl:with-param name="rule" select="$rule"/></xsl:call-template></code></td>
              <td><xsl:value-of select="($rule/x:title | $rule/x11:title)[1]"/></td>
            </tr>
          </xsl:for-each>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The definition a rule-result of a multi-check rule is for; empty for others. -->
  <xsl:template name="multi-check-definition">
    <xsl:value-of select="(x:check | x11:check)[@multi-check = 'true']/*[local-name() = 'check-content-ref']/@name"/>
  </xsl:template>

  <!-- A rule-result's id in the page: the rule's id; a multi-check rule's
       later rule-results add their definition's. -->
  <xsl:template name="anchor">
    <xsl:value-of select="translate(@idref, ' ', '_')"/>
    <xsl:if test="generate-id() != generate-id(key('rule-results', concat(generate-id(..), '|', @idref))[1])">
      <xsl:text>.</xsl:text><xsl:call-template name="multi-check-definition"/>
    </xsl:if>
  </xsl:template>

  <!-- One rule -->
  <xsl:template match="x:rule-result | x11:rule-result">
    <xsl:variable name="rule" select="key('rule', @idref)"/>
    <xsl:variable name="result" select="string(x:result | x11:result)"/>
    <xsl:variable name="def">
      <xsl:call-template name="multi-check-definition"/>
    </xsl:variable>
    <xsl:variable name="anchor">
      <xsl:call-template name="anchor"/>
    </xsl:variable>
    <article class="rule {$result}" id="{$anchor}">
      <h3>
        <span class="badge {$result}"><xsl:value-of select="$result"/></span>
        <xsl:text> </xsl:text>
        <span class="ver"><xsl:value-of select="(@version | $rule/x:version | $rule/x11:version)[1]"/></span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="rule-title"/>
        <xsl:if test="string($def)"><xsl:text> </xsl:text><span class="ver">(definition <code><xsl:value-of select="$def"/></code>)</span></xsl:if>
      </h3>
      <table class="kv ids">
        <tr><th>Severity</th><td>
          <xsl:call-template name="cat"><xsl:with-param name="sev" select="@severity"/></xsl:call-template>
          <xsl:if test="@weight"><xsl:text>, weight </xsl:text><xsl:value-of select="@weight"/></xsl:if>
        </td></tr>
        <tr><th>Rule</th><td>
          <code><xsl:call-template name="sv-id"><xsl:with-param name="rule" select="$rule"/></xsl:call-template></code>
          <xsl:variable name="vid">
            <xsl:call-template name="v-id"><xsl:with-param name="rule" select="$rule"/></xsl:call-template>
          </xsl:variable>
          <xsl:if test="string($vid)"><xsl:text> · </xsl:text><code><xsl:value-of select="$vid"/></code></xsl:if>
        </td></tr>
        <xsl:variable name="idents" select="x:ident | x11:ident | $rule[not(current()/x:ident | current()/x11:ident)]/x:ident | $rule[not(current()/x:ident | current()/x11:ident)]/x11:ident"/>
        <xsl:if test="$idents[contains(@system, 'cci')]">
          <tr><th>CCI</th><td>
            <xsl:for-each select="$idents[contains(@system, 'cci')]">
              <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
              <code><xsl:value-of select="."/></code>
            </xsl:for-each>
          </td></tr>
        </xsl:if>
        <xsl:if test="$idents[contains(@system, 'legacy')]">
          <tr><th>Legacy ids</th><td>
            <xsl:for-each select="$idents[contains(@system, 'legacy')]">
              <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
              <code><xsl:value-of select="."/></code>
            </xsl:for-each>
          </td></tr>
        </xsl:if>
        <tr><th>Evaluated</th><td><xsl:value-of select="@time"/></td></tr>
      </table>
      <xsl:if test="x:message | x11:message">
        <ul class="messages">
          <xsl:for-each select="x:message | x11:message">
            <li class="{@severity}"><xsl:value-of select="."/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:apply-templates select=".//x:check-content-ref[starts-with(@href, '#')] | .//x11:check-content-ref[starts-with(@href, '#')]" mode="evidence"/>
      <xsl:if test="$rule/x:description | $rule/x11:description | $rule/x:fixtext | $rule/x11:fixtext">
        <details>
          <summary>Description and fix</summary>
          <p class="pre"><xsl:value-of select="($rule/x:description | $rule/x11:description)[1]"/></p>
          <xsl:if test="$rule/x:fixtext | $rule/x11:fixtext">
            <h4>Fix</h4>
            <p class="pre"><xsl:value-of select="($rule/x:fixtext | $rule/x11:fixtext)[1]"/></p>
          </xsl:if>
        </details>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- Evidence: the OVAL items the rule's tests examined (ARF only) -->
  <xsl:template match="x:check-content-ref | x11:check-content-ref" mode="evidence">
    <xsl:variable name="rep" select="substring-after(@href, '#')"/>
    <xsl:variable name="def" select="key('oval-def-result', concat($rep, '|', @name))"/>
    <xsl:for-each select="$def//ores:criterion">
      <xsl:variable name="test" select="key('oval-test-result', concat($rep, '|', @test_ref))"/>
      <xsl:variable name="tdef" select="key('oval-test', concat($rep, '|', @test_ref))"/>
      <xsl:if test="$test">
        <div class="evidence">
          <p class="test">
            <xsl:text>Evidence: OVAL test </xsl:text><code><xsl:value-of select="@test_ref"/></code>
            <xsl:text> is </xsl:text><strong><xsl:value-of select="$test/@result"/></strong>
            <xsl:if test="$tdef/@comment"><xsl:text> (</xsl:text><xsl:value-of select="$tdef/@comment"/><xsl:text>)</xsl:text></xsl:if>
            <xsl:text>; </xsl:text><xsl:value-of select="count($test/ores:tested_item)"/>
            <xsl:text> item(s) examined.</xsl:text>
          </p>
          <xsl:variable name="items" select="key('oval-item', concat($rep, '|', $test/ores:tested_item/@item_id))"/>
          <xsl:choose>
            <xsl:when test="$items[self::csc:container_item]">
              <xsl:call-template name="container-table">
                <xsl:with-param name="rep" select="$rep"/>
                <xsl:with-param name="test" select="$test"/>
                <xsl:with-param name="tdef" select="$tdef"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="$test/ores:tested_item">
              <xsl:call-template name="item-table">
                <xsl:with-param name="rep" select="$rep"/>
                <xsl:with-param name="test" select="$test"/>
              </xsl:call-template>
            </xsl:when>
          </xsl:choose>
        </div>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Containers: who they are, the fields the test checks, and the marks -->
  <xsl:template name="container-table">
    <xsl:param name="rep"/>
    <xsl:param name="test"/>
    <xsl:param name="tdef"/>
    <!-- The entities the test's states check (excluded/scanner have their own column). -->
    <xsl:variable name="checked" select="key('oval-state', concat($rep, '|', $tdef/*/@state_ref))/*[not(local-name() = 'excluded' or local-name() = 'scanner' or local-name() = 'name' or local-name() = 'state' or local-name() = 'image' or local-name() = 'id')]"/>
    <table class="items">
      <tr>
        <th>Name</th><th>Id</th><th>Image</th><th>State</th>
        <xsl:if test="$checked[local-name() = 'effective_pid_mode'] and not($checked[local-name() = 'pid_mode'])">
          <th>PID mode</th>
        </xsl:if>
        <xsl:for-each select="$checked">
          <th><xsl:call-template name="label"><xsl:with-param name="n" select="local-name()"/></xsl:call-template></th>
        </xsl:for-each>
        <th>Source</th><th>Marks</th><th>Meets the check</th>
      </tr>
      <xsl:for-each select="$test/ores:tested_item">
        <xsl:variable name="it" select="key('oval-item', concat($rep, '|', @item_id))"/>
        <tr class="item-{@result}">
          <td><xsl:value-of select="$it/csc:name"/></td>
          <td><code title="{$it/csc:id}"><xsl:value-of select="substring($it/csc:id, 1, 12)"/></code></td>
          <td><xsl:value-of select="$it/csc:image"/></td>
          <td><xsl:value-of select="$it/csc:state"/></td>
          <xsl:if test="$checked[local-name() = 'effective_pid_mode'] and not($checked[local-name() = 'pid_mode'])">
            <td><xsl:call-template name="entity"><xsl:with-param name="e" select="$it/csc:pid_mode"/></xsl:call-template></td>
          </xsl:if>
          <xsl:for-each select="$checked">
            <td><xsl:call-template name="entity"><xsl:with-param name="e" select="$it/*[local-name() = local-name(current())]"/></xsl:call-template></td>
          </xsl:for-each>
          <td><xsl:value-of select="$it/csc:source"/></td>
          <td>
            <xsl:if test="$it/csc:excluded = 'true'">
              <span class="mark">excluded<xsl:if test="$it/csc:excluded_by"> by <code><xsl:value-of select="$it/csc:excluded_by"/></code></xsl:if></span>
            </xsl:if>
            <xsl:if test="$it/csc:scanner = 'true'"><span class="mark">scanner</span></xsl:if>
            <xsl:if test="$it/@status and $it/@status != 'exists'"><span class="mark"><xsl:value-of select="$it/@status"/></span></xsl:if>
          </td>
          <td><xsl:choose>
            <xsl:when test="@result = 'true'">yes</xsl:when>
            <xsl:when test="@result = 'false'"><strong>no</strong></xsl:when>
            <xsl:otherwise><xsl:value-of select="@result"/></xsl:otherwise>
          </xsl:choose></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- Any other item: its fields as they were collected -->
  <xsl:template name="item-table">
    <xsl:param name="rep"/>
    <xsl:param name="test"/>
    <table class="items">
      <tr><th>Item</th><th>Fields</th><th>Meets the check</th></tr>
      <xsl:for-each select="$test/ores:tested_item">
        <xsl:variable name="it" select="key('oval-item', concat($rep, '|', @item_id))"/>
        <tr class="item-{@result}">
          <td><xsl:value-of select="local-name($it)"/><xsl:text> </xsl:text><xsl:value-of select="@item_id"/></td>
          <td>
            <xsl:for-each select="$it/*">
              <xsl:if test="position() &gt; 1"><xsl:text>; </xsl:text></xsl:if>
              <xsl:value-of select="local-name()"/><xsl:text>=</xsl:text>
              <xsl:call-template name="entity"><xsl:with-param name="e" select="."/></xsl:call-template>
            </xsl:for-each>
          </td>
          <td><xsl:value-of select="@result"/></td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template name="entity">
    <xsl:param name="e"/>
    <xsl:choose>
      <xsl:when test="not($e)"><span class="none">—</span></xsl:when>
      <xsl:when test="$e[1]/@status and $e[1]/@status != 'exists'"><span class="none"><xsl:value-of select="$e[1]/@status"/></span></xsl:when>
      <xsl:when test="$e[1]/*">
        <xsl:for-each select="$e">
          <xsl:if test="position() &gt; 1"><xsl:text> | </xsl:text></xsl:if>
          <xsl:for-each select="*">
            <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
            <xsl:value-of select="concat(@name, '=', .)"/>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="string($e[1]) = ''"><span class="none">(empty)</span></xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$e">
          <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
          <xsl:value-of select="."/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="label">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n = 'effective_pid_mode'">Effective PID mode</xsl:when>
      <xsl:when test="$n = 'pid_mode'">PID mode</xsl:when>
      <xsl:otherwise><xsl:value-of select="translate($n, '_', ' ')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="cat">
    <xsl:param name="sev"/>
    <xsl:choose>
      <xsl:when test="$sev = 'high'">CAT I (high)</xsl:when>
      <xsl:when test="$sev = 'medium'">CAT II (medium)</xsl:when>
      <xsl:when test="$sev = 'low'">CAT III (low)</xsl:when>
      <xsl:otherwise><xsl:value-of select="$sev"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="rule-title">
    <xsl:variable name="rule" select="key('rule', @idref)"/>
    <xsl:choose>
      <xsl:when test="$rule/x:title | $rule/x11:title"><xsl:value-of select="($rule/x:title | $rule/x11:title)[1]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@idref"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- DISA's rule id: a reference naming one, else the rule's own id (DISA's, or cscap's "..._rule_SV-...") -->
  <xsl:template name="sv-id">
    <xsl:param name="rule"/>
    <xsl:variable name="ref" select="($rule/x:reference/dc:identifier[starts-with(., 'SV-')] | $rule/x11:reference/dc:identifier[starts-with(., 'SV-')] | $rule/x:reference[starts-with(normalize-space(.), 'SV-')] | $rule/x11:reference[starts-with(normalize-space(.), 'SV-')])[1]"/>
    <xsl:variable name="id" select="string((@idref | $rule/@id)[1])"/>
    <xsl:choose>
      <xsl:when test="$ref"><xsl:value-of select="normalize-space($ref)"/></xsl:when>
      <xsl:when test="contains($id, '_rule_SV-')"><xsl:value-of select="substring-after($id, '_rule_')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="v-id">
    <xsl:param name="rule"/>
    <xsl:variable name="ref" select="($rule/x:reference/dc:identifier[starts-with(., 'V-')] | $rule/x11:reference/dc:identifier[starts-with(., 'V-')])[1]"/>
    <xsl:variable name="group" select="string($rule/parent::*/@id)"/>
    <xsl:choose>
      <xsl:when test="$ref"><xsl:value-of select="normalize-space($ref)"/></xsl:when>
      <xsl:when test="starts-with($group, 'V-')"><xsl:value-of select="$group"/></xsl:when>
      <xsl:when test="contains($group, '_group_V-')"><xsl:value-of select="substring-after($group, '_group_')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="css">
body { font: 14px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2330; margin: 0; background: #f4f6f9; }
header { background: #1f3350; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 21px; font-weight: 600; }
header .sub { margin: 0; color: #cdd7e6; }
main { padding: 8px 28px 28px; max-width: 1200px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 2px solid #d5dbe5; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 0 0 8px; }
h4 { font-size: 13px; margin: 10px 0 4px; }
table { border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 4px 9px; border: 1px solid #d5dbe5; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
table.kv th { width: 150px; }
table.counts td { text-align: right; min-width: 70px; }
table.counts tr.total td, table.counts tr.total th { font-weight: 700; background: #eef1f6; }
table.items { font-size: 12.5px; margin: 6px 0 4px; }
tr.item-false td { background: #fde8e8; }
code { font: 12px "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 12px; font-weight: 700; color: #fff; background: #6b7280; text-transform: uppercase; letter-spacing: .02em; }
.badge.pass, .badge.fixed { background: #1e7b34; }
.badge.fail { background: #c62828; }
.badge.error { background: #8e24aa; }
.badge.unknown { background: #ef6c00; }
.badge.notapplicable, .badge.notselected { background: #9aa1ac; }
.badge.notchecked, .badge.informational { background: #3d6fb6; }
article.rule { background: #fff; border: 1px solid #d5dbe5; border-left: 5px solid #9aa1ac; padding: 10px 14px; margin: 10px 0; }
article.rule.pass, article.rule.fixed { border-left-color: #1e7b34; }
article.rule.fail { border-left-color: #c62828; }
article.rule.error { border-left-color: #8e24aa; }
article.rule.unknown { border-left-color: #ef6c00; }
article.rule.notchecked, article.rule.informational { border-left-color: #3d6fb6; }
.ver { color: #40506a; font-weight: 600; }
ul.messages { margin: 8px 0; padding-left: 20px; font-size: 13px; }
ul.messages li.warning { color: #8a3b00; }
ul.messages li.error { color: #b00020; font-weight: 600; }
.evidence { margin: 8px 0; overflow-x: auto; }
.evidence p.test { margin: 4px 0; font-size: 13px; }
.mark { display: inline-block; background: #fff3cd; border: 1px solid #e0c46c; border-radius: 3px; padding: 0 5px; margin-right: 4px; font-size: 12px; }
.none { color: #8a93a3; }
.note { color: #56607a; }
.score { font-size: 16px; font-weight: 700; }
p.pre { white-space: pre-wrap; margin: 4px 0; font-size: 13px; }
details { margin-top: 6px; }
summary { cursor: pointer; color: #2a4d80; }
footer { padding: 12px 28px 24px; color: #56607a; font-size: 12px; }
  </xsl:template>
</xsl:stylesheet>
