package io.revealed.report;

/**
 * One part of a report page, with its own heading and anchor. A kind of run (an algorithm, a
 * command) that has something of its own to show implements this in its own class and writes
 * into the {@link Page} it is given; it never needs to know about the other sections.
 */
public interface Section {
    /** The anchor of the section on the page: lower-case letters, digits and dashes, unique on the page. */
    String id();

    /** The heading, also used in the page's table of contents. */
    String title();

    /** Writes the section's text, tables and figures. */
    void render(Page page);
}
