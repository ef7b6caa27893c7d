# UI strings of the default theme, English.
# Every key here must also exist in every other language's file (tebiki reports gaps).

skip-to-content = Skip to main content
language-switcher = Language
toc-title = On this page
nav-home = Guide home

step-of = Step { $step } of { $total }
step-nav = Setup steps
step-pager = Previous and next step
step-prev = Previous step
step-next = Next step
step-back-home = Back to the guide home

device-pc = PC
device-phone = Smartphone
device-both = PC or smartphone

callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

checklist-title = Your progress
checklist-progress = { $done } of { $total } { $total ->
    [one] step
   *[other] steps
  } done
checklist-done-label = Mark “{ $title }” done
checklist-done-badge = (done)
checklist-two-methods = I have registered at least two sign-in methods
checklist-mark-done = Mark this step done
checklist-reset = Reset progress
checklist-saved-note = Your progress is saved in this browser only, and is shared by every language version of this guide.

expand-all = Expand all
collapse-all = Collapse all

handoff-title = Continue on your phone
handoff-text = Scan this code with your phone's camera to open this page there.

fallback-notice = This page has not been translated into { $language } yet, so it is shown in { $source }.

footer-title = Need help?
footer-support = Contact { $desk } ({ $hours }).
footer-support-no-hours = Contact { $desk }.
footer-email = Email
footer-phone = Phone

notfound-title = Page not found
notfound-text = The page you asked for does not exist. It may have moved.
notfound-home = Go to the guide's home page
chooser-title = Choose your language

# Page dates and moved pages (front matter `updated`, `reviewed`, `aliases`)
date = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
  } { $year }
date-updated = Last updated:{" "}
date-reviewed = Reviewed:{" "}
alias-title = This page has moved
alias-text = Its new address is:

# The site menu and breadcrumbs (guides)
menu-label = Site menu
menu-title = Menu
breadcrumbs-label = You are here

# Site search (partials/search.html, search.html, search.js). In search-found, "#" becomes the number of results.
search-label = Search this site
search-placeholder = Search (e.g. lost phone)
search-all-pages = All pages
search-list-title = All pages
search-found = # results
search-found-one = 1 result
search-none = No results

# Students first (issue 22): the method chooser, screenshots, the reset confirmation, the announcement
method-choice-label = Your method
method-choice-none = None chosen (show all)
method-choice-saved = Your method is shown first. The choice is saved in this browser.
method-others = Other methods
image-fallback = This image is from the { $language } version.
zoom-open = Enlarge
zoom-close = Close
zoom-label = Enlarged image
checklist-reset-question = This clears the record of every step you marked done. Continue?
checklist-reset-yes = Clear
checklist-reset-no = Cancel
announcement-label = Announcement
announcement-dismiss = Dismiss announcement
