from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import TextField

from .services import COMMENT_MAX, QUESTION_MAX


class QuestionForm(forms.Form):
    text = TextField(label=_("Your question"), min_length=3, max_length=QUESTION_MAX,
                     widget=forms.Textarea(attrs={"rows": 4}))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Your rating"), coerce=int,
                                    choices=[(n, str(n)) for n in range(5, 0, -1)],
                                    widget=forms.RadioSelect)
    comment = TextField(label=_("Comment (optional)"), required=False,
                        max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
