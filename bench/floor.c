/* SPDX-License-Identifier: Apache-2.0 */
/* floor: the parse-only floor of the benchmark (bench/run.sh).
 *
 *   floor yaml FILE...   libyaml: parse every event of every file, nothing else
 *   floor xml FILE...    libxml2 SAX2: parse every file with empty callbacks
 *
 * No tree is built and nothing is checked: this is the least work any tool
 * that reads the same files must do.  Prints the number of files and events
 * (so that nothing is optimised away); exits 1 if a file does not parse.
 *
 *   cc -O2 -o floor bench/floor.c $(pkg-config --cflags --libs libxml-2.0) -lyaml
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>

static unsigned long events;

static int yaml_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    yaml_parser_t p;
    yaml_event_t ev;
    int ok = 0;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s:%lu: %s\n", path, (unsigned long)p.problem_mark.line + 1,
                    p.problem ? p.problem : "parse error");
            ok = -1;
            break;
        }
        events++;
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    fclose(f);
    return ok;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)ctx; (void)localname; (void)prefix; (void)uri; (void)nb_namespaces;
    (void)namespaces; (void)nb_attributes; (void)nb_defaulted; (void)attributes;
    events++;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    (void)ctx; (void)localname; (void)prefix; (void)uri;
    events++;
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx; (void)ch; (void)len;
    events++;
}

static xmlSAXHandler sax;

static int xml_file(const char *path)
{
    /* xmlSAXUserParseFile returns 0 on success; errors go to stderr */
    if (xmlSAXUserParseFile(&sax, NULL, path) != 0) {
        fprintf(stderr, "%s: XML parse error\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "yaml") && strcmp(argv[1], "xml"))) {
        fprintf(stderr, "usage: floor yaml|xml FILE...\n");
        return 2;
    }
    int xml = !strcmp(argv[1], "xml");
    if (xml) {
        LIBXML_TEST_VERSION
        memset(&sax, 0, sizeof sax);
        xmlSAXVersion(&sax, 2);
        sax.startElementNs = sax_start;
        sax.endElementNs = sax_end;
        sax.characters = sax_chars;
        sax.ignorableWhitespace = sax_chars;
        sax.startElement = NULL;
        sax.endElement = NULL;
        sax.startDocument = NULL;
        sax.endDocument = NULL;
        sax.comment = NULL;
    }
    int bad = 0;
    for (int i = 2; i < argc; i++)
        if ((xml ? xml_file(argv[i]) : yaml_file(argv[i])) != 0)
            bad++;
    printf("%d files, %lu events, %d unreadable\n", argc - 2, events, bad);
    if (xml)
        xmlCleanupParser();
    return bad ? 1 : 0;
}
