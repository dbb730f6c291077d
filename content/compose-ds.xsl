<?xml version="1.0" encoding="UTF-8"?>
<!--
  compose-ds.xsl: build an SCAP 1.3 source data stream collection out of one
  XCCDF 1.2 benchmark (the input document) and the OVAL (and, optionally, OCIL
  and CPE dictionary) documents it relies on.

  Usage (from the repository root; options written with one dash because an
  XML comment cannot contain two, xsltproc accepts both forms):
    xsltproc -nonet \
             -stringparam oval "content/src/docker-ee-2x-oval.xml content/src/docker-ee-2x-cpe-oval.xml" \
             -stringparam ocil content/src/docker-ee-2x-ocil.xml \
             -stringparam cpe content/src/docker-ee-2x-cpe-dictionary.xml \
             -o content/cscap-docker-ee-2x-ds.xml \
             content/compose-ds.xsl content/src/docker-ee-2x-xccdf.xml

  Parameters
    oval       whitespace-separated list of OVAL definitions documents (required).
               Each becomes a check component. Each href used by an XCCDF
               check-content-ref must equal the file name (last path segment) of
               one of them or of an OCIL document; each href of a CPE dictionary
               check must name one of them.
    ocil       whitespace-separated list of OCIL 2.0 documents (optional), the
               questionnaires of manual checks (check system
               http://scap.nist.gov/schema/ocil/2). Each becomes a check component.
    cpe        whitespace-separated list of CPE dictionary documents (optional).
               Each becomes a dictionary component; its OVAL references are
               resolved to the check components through a catalog.
    timestamp  xs:dateTime written on the data stream and every component, so
               that the output is reproducible (default 2026-11-28T00:00:00).
    vendor     the middle part of the SCAP ids (scap_<vendor>_...); default: taken
               from the benchmark id xccdf_<vendor>_benchmark_<name>.
    name       the data stream name; default: <name> of the benchmark id.
    xccdf-name component file name of the benchmark; default <name>-xccdf.xml.

  Relative paths in oval, ocil and cpe are taken relative to the current directory of
  the process, like any command line argument. (document() would otherwise
  resolve them against the stylesheet or input document; they are therefore
  looked up through a node of a temporary tree, which has no base URI.)

  Ids produced, with N the component file name:
    scap_<vendor>_collection_<name>, scap_<vendor>_datastream_<name>,
    scap_<vendor>_cref_N, scap_<vendor>_comp_N.

  Needs an XSLT 1.0 processor with exsl:node-set() (xsltproc has it).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:cat="urn:oasis:names:tc:entity:xmlns:xml:catalog"
    xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2"
    xmlns:oval-def="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:cpe-dict="http://cpe.mitre.org/dictionary/2.0"
    xmlns:ocil="http://scap.nist.gov/schema/ocil/2.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:compose="urn:cscap:xslt:compose-ds"
    exclude-result-prefixes="xccdf oval-def cpe-dict ocil exsl compose">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="oval" select="''"/>
  <xsl:param name="ocil" select="''"/>
  <xsl:param name="cpe" select="''"/>
  <xsl:param name="timestamp" select="'2026-11-28T00:00:00'"/>
  <xsl:param name="vendor"
      select="substring-before(substring-after(/xccdf:Benchmark/@id, 'xccdf_'), '_benchmark_')"/>
  <xsl:param name="name" select="substring-after(/xccdf:Benchmark/@id, '_benchmark_')"/>
  <xsl:param name="xccdf-name" select="concat($name, '-xccdf.xml')"/>

  <!-- First check-content-ref per href, for listing each href once. -->
  <xsl:key name="xccdf-href" match="xccdf:check-content-ref" use="@href"/>
  <xsl:key name="cpe-href" match="cpe-dict:check" use="@href"/>

  <!-- The component files as compose:file elements in a temporary tree:
       @path as given, @name = last path segment, @kind = oval | ocil | cpe. -->
  <xsl:variable name="files-rtf">
    <xsl:call-template name="compose:split">
      <xsl:with-param name="list" select="normalize-space($cpe)"/>
      <xsl:with-param name="kind" select="'cpe'"/>
    </xsl:call-template>
    <xsl:call-template name="compose:split">
      <xsl:with-param name="list" select="normalize-space($oval)"/>
      <xsl:with-param name="kind" select="'oval'"/>
    </xsl:call-template>
    <xsl:call-template name="compose:split">
      <xsl:with-param name="list" select="normalize-space($ocil)"/>
      <xsl:with-param name="kind" select="'ocil'"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="files" select="exsl:node-set($files-rtf)/compose:file"/>
  <xsl:variable name="benchmark" select="/xccdf:Benchmark"/>

  <xsl:variable name="prefix" select="concat('scap_', $vendor, '_')"/>

  <!-- ============================================================ -->

  <xsl:template match="/">
    <xsl:call-template name="compose:sanity"/>
    <ds:data-stream-collection id="{$prefix}collection_{$name}" schematron-version="1.3">
      <ds:data-stream id="{$prefix}datastream_{$name}" scap-version="1.3"
                      use-case="CONFIGURATION" timestamp="{$timestamp}">
        <xsl:if test="$files[@kind = 'cpe']">
          <ds:dictionaries>
            <xsl:for-each select="$files[@kind = 'cpe']">
              <ds:component-ref id="{$prefix}cref_{@name}" xlink:href="#{$prefix}comp_{@name}">
                <xsl:variable name="here" select="."/>
                <xsl:for-each select="document(@path, .)">
                  <xsl:call-template name="compose:catalog">
                    <xsl:with-param name="hrefs"
                        select="//cpe-dict:check[generate-id() = generate-id(key('cpe-href', @href)[1])]/@href"/>
                    <xsl:with-param name="owner" select="$here/@name"/>
                    <xsl:with-param name="ocil-ok" select="false()"/>
                  </xsl:call-template>
                </xsl:for-each>
              </ds:component-ref>
            </xsl:for-each>
          </ds:dictionaries>
        </xsl:if>
        <ds:checklists>
          <ds:component-ref id="{$prefix}cref_{$xccdf-name}" xlink:href="#{$prefix}comp_{$xccdf-name}">
            <xsl:call-template name="compose:catalog">
              <xsl:with-param name="hrefs"
                  select="//xccdf:check-content-ref[generate-id() = generate-id(key('xccdf-href', @href)[1])]/@href"/>
              <xsl:with-param name="owner" select="$xccdf-name"/>
              <xsl:with-param name="ocil-ok" select="true()"/>
            </xsl:call-template>
          </ds:component-ref>
        </ds:checklists>
        <ds:checks>
          <xsl:for-each select="$files[@kind = 'oval' or @kind = 'ocil']">
            <ds:component-ref id="{$prefix}cref_{@name}" xlink:href="#{$prefix}comp_{@name}"/>
          </xsl:for-each>
        </ds:checks>
      </ds:data-stream>
      <ds:component id="{$prefix}comp_{$xccdf-name}" timestamp="{$timestamp}">
        <xsl:copy-of select="$benchmark"/>
      </ds:component>
      <xsl:for-each select="$files[@kind = 'oval' or @kind = 'ocil']">
        <xsl:call-template name="compose:component"/>
      </xsl:for-each>
      <xsl:for-each select="$files[@kind = 'cpe']">
        <xsl:call-template name="compose:component"/>
      </xsl:for-each>
    </ds:data-stream-collection>
  </xsl:template>

  <!-- The ds:component holding a copy of the document of the current
       compose:file. -->
  <xsl:template name="compose:component">
    <ds:component id="{$prefix}comp_{@name}" timestamp="{$timestamp}">
      <xsl:copy-of select="document(@path, .)/*"/>
    </ds:component>
  </xsl:template>

  <!-- A cat:catalog mapping each href in $hrefs to the check component of
       the same file name; nothing at all when $hrefs is empty. An OCIL
       component is a valid target only when $ocil-ok is true (the checklist's
       catalog, not a CPE dictionary's). -->
  <xsl:template name="compose:catalog">
    <xsl:param name="hrefs"/>
    <xsl:param name="owner"/>
    <xsl:param name="ocil-ok"/>
    <xsl:if test="$hrefs">
      <cat:catalog>
        <xsl:for-each select="$hrefs">
          <xsl:variable name="href" select="string(.)"/>
          <xsl:if test="not($files[@kind = 'oval' or ($ocil-ok and @kind = 'ocil')][@name = $href])">
            <xsl:message terminate="yes">compose-ds: <xsl:value-of select="$owner"/> refers to "<xsl:value-of select="$href"/>", which is not among the <xsl:if test="$ocil-ok">OVAL or OCIL files given in the oval and ocil parameters</xsl:if><xsl:if test="not($ocil-ok)">OVAL files given in the oval parameter</xsl:if></xsl:message>
          </xsl:if>
          <cat:uri name="{$href}" uri="#{$prefix}cref_{$href}"/>
        </xsl:for-each>
      </cat:catalog>
    </xsl:if>
  </xsl:template>

  <!-- Fail early, with one clear message, on inputs that cannot make a valid
       data stream. -->
  <xsl:template name="compose:sanity">
    <xsl:if test="not($benchmark)">
      <xsl:message terminate="yes">compose-ds: the input document is not an XCCDF 1.2 Benchmark</xsl:message>
    </xsl:if>
    <xsl:if test="$vendor = '' or $name = ''">
      <xsl:message terminate="yes">compose-ds: cannot derive vendor and name from benchmark id "<xsl:value-of select="$benchmark/@id"/>"; pass -stringparam vendor ... -stringparam name ...</xsl:message>
    </xsl:if>
    <xsl:if test="not($files[@kind = 'oval'])">
      <xsl:message terminate="yes">compose-ds: no OVAL file given; pass -stringparam oval PATH</xsl:message>
    </xsl:if>
    <xsl:for-each select="$files">
      <xsl:variable name="doc" select="document(@path, .)"/>
      <xsl:variable name="n" select="string(@name)"/>
      <xsl:choose>
        <xsl:when test="not($doc/*)">
          <xsl:message terminate="yes">compose-ds: cannot read <xsl:value-of select="@kind"/> file "<xsl:value-of select="@path"/>"</xsl:message>
        </xsl:when>
        <xsl:when test="@kind = 'oval' and not($doc/oval-def:oval_definitions)">
          <xsl:message terminate="yes">compose-ds: "<xsl:value-of select="@path"/>" is not an OVAL definitions document</xsl:message>
        </xsl:when>
        <xsl:when test="@kind = 'ocil' and not($doc/ocil:ocil)">
          <xsl:message terminate="yes">compose-ds: "<xsl:value-of select="@path"/>" is not an OCIL 2.0 document</xsl:message>
        </xsl:when>
        <xsl:when test="@kind = 'cpe' and not($doc/cpe-dict:cpe-list)">
          <xsl:message terminate="yes">compose-ds: "<xsl:value-of select="@path"/>" is not a CPE dictionary</xsl:message>
        </xsl:when>
        <xsl:when test="preceding-sibling::compose:file[@name = $n] or $n = $xccdf-name">
          <xsl:message terminate="yes">compose-ds: two components would be named "<xsl:value-of select="$n"/>"</xsl:message>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- Split a space-separated list of paths into compose:file elements. -->
  <xsl:template name="compose:split">
    <xsl:param name="list"/>
    <xsl:param name="kind"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="head">
        <xsl:choose>
          <xsl:when test="contains($list, ' ')"><xsl:value-of select="substring-before($list, ' ')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$list"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <compose:file kind="{$kind}" path="{$head}">
        <xsl:attribute name="name">
          <xsl:call-template name="compose:basename">
            <xsl:with-param name="path" select="$head"/>
          </xsl:call-template>
        </xsl:attribute>
      </compose:file>
      <xsl:call-template name="compose:split">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="kind" select="$kind"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="compose:basename">
    <xsl:param name="path"/>
    <xsl:choose>
      <xsl:when test="contains($path, '/')">
        <xsl:call-template name="compose:basename">
          <xsl:with-param name="path" select="substring-after($path, '/')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$path"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
