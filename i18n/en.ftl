# UI strings of the default theme, English.
# Every key here must also exist in every other language's file (tebiki reports gaps).

skip-to-content = Skip to main content
site-nav = Site
language-switcher = Language
language-switcher-current = { $name } (current)
toc-title = On this page
breadcrumb-home = Guide home

step-of = Step { $step } of { $total }
step-nav = Steps
step-prev = Previous step
step-next = Next step
step-short = Step { $step }

device-pc = PC
device-phone = Smartphone
device-both = PC and smartphone

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
checklist-two-methods = I have registered at least two sign-in methods
checklist-mark-done = Mark this step done
checklist-reset = Reset progress
checklist-saved-note = Your progress is saved in this browser only.
checklist-nojs = Tick the steps off as you finish them.

expand-all = Expand all
collapse-all = Collapse all

handoff-title = Continue on your phone
handoff-text = Scan this code with your phone's camera to open this page there.

fallback-notice = This page has not been translated into { $language } yet, so it is shown in { $source }.

footer-support = Need help? Contact { $desk } ({ $hours }).
footer-email = Email
footer-phone = Phone
footer-generator = Built with { $generator }

notfound-title = Page not found
notfound-text = The page you asked for does not exist. It may have moved.
notfound-home = Go to the guide's home page

chooser-title = Choose your language
