//! The one walk of a plan's fields: the plan is serialized once, and every value it holds is
//! noted with its path. [`Plan::texts`](super::Plan::texts), [`Plan::filled`](super::Plan::filled)
//! and [`Plan::lists`](super::Plan::lists) read this walk, so a field added to the model is
//! walked, checked for limits and printable characters, and named `not-on-form` without another
//! edit. What a field is (text to print, a value such as a date or a picture's name, or a choice
//! of how the plan is printed) is said where the field is declared: by its type, or by
//! [`not_text`] and [`setting`] as its `serialize_with`.

use std::fmt;

use serde::ser::{self, Serialize, Serializer};

use crate::source::FieldPath;

/// The name of the newtype that says a value is not text to print: a date, a picture's path,
/// a symbol's name. Other serializers (JSON, form text) see through it.
const NOT_TEXT: &str = "iep::not_text";
/// The name of the newtype that says a value chooses how the plan is printed (its form, a
/// language, the pupil page's typeface): it is no field a form prints.
const SETTING: &str = "iep::setting";

/// `serialize_with` for a field that holds no text to print, though it is written as text: a
/// picture's path, a symbol's name, a date. It is filled when given.
pub(crate) fn not_text<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(NOT_TEXT, value)
}

/// `serialize_with` for a field that chooses how the plan is printed, not what it says: no
/// form is asked to print it.
pub(crate) fn setting<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(SETTING, value)
}

/// A value the plan holds, at its path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    /// Text a form may print.
    Text(FieldPath, String),
    /// A value given that is not text to print: a date, a number, a choice, a picture's path.
    Value(FieldPath),
    /// A list, with its length.
    List(FieldPath, usize),
}

/// Every value `plan` holds, in the order of the model (the order of a plan file), each list
/// before its items. A field left out (`None`) and a setting are not noted.
pub(crate) fn walk<T: Serialize>(plan: &T) -> Vec<Field> {
    let mut walk = Walk {
        path: FieldPath::root(),
        text: true,
        fields: Vec::new(),
    };
    // The plan's model has no maps, the one shape the walk refuses; a test walks every field.
    if plan.serialize(&mut walk).is_err() {
        debug_assert!(false, "the plan's model holds a map");
    }
    walk.fields
}

struct Walk {
    path: FieldPath,
    /// False inside a value marked [`not_text`].
    text: bool,
    fields: Vec<Field>,
}

impl Walk {
    fn value(&mut self) -> Result<(), Unsupported> {
        self.fields.push(Field::Value(self.path.clone()));
        Ok(())
    }

    fn at<T: Serialize + ?Sized>(&mut self, path: FieldPath, value: &T) -> Result<(), Unsupported> {
        let outer = std::mem::replace(&mut self.path, path);
        let result = value.serialize(&mut *self);
        self.path = outer;
        result
    }
}

/// A shape the walk does not take (a map).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the walk of a plan's fields takes no maps")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

/// A list, tuple or struct being walked: its items are numbered from 0.
struct Items<'a> {
    walk: &'a mut Walk,
    next: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let path = self.walk.path.index(self.next);
        self.next += 1;
        self.walk.at(path, value)
    }
}

impl<'a> Serializer for &'a mut Walk {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Items<'a>;

    fn serialize_str(self, text: &str) -> Result<(), Unsupported> {
        if self.text {
            self.fields
                .push(Field::Text(self.path.clone(), text.to_owned()));
            Ok(())
        } else {
            self.value()
        }
    }

    fn serialize_bool(self, _: bool) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i32(self, _: i32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_i64(self, _: i64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u32(self, _: u32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_u64(self, _: u64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_char(self, _: char) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.value()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Unsupported> {
        self.value()
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        match name {
            SETTING => Ok(()),
            NOT_TEXT => {
                let text = std::mem::replace(&mut self.text, false);
                let result = value.serialize(&mut *self);
                self.text = text;
                result
            }
            _ => value.serialize(self),
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.path.key(variant);
        self.at(path, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'a>, Unsupported> {
        let path = self.path.clone();
        self.fields.push(Field::List(path, len.unwrap_or_default()));
        Ok(Items {
            walk: self,
            next: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items<'a>, Unsupported> {
        self.path = self.path.key(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Unsupported> {
        Ok(Items {
            walk: self,
            next: 0,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Unsupported> {
        self.path = self.path.key(variant);
        Ok(Items {
            walk: self,
            next: 0,
        })
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.walk.path = self.walk.path.parent();
        Ok(())
    }
}

impl ser::SerializeStruct for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.walk.path.key(key);
        self.walk.at(path, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Items<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let path = self.walk.path.key(key);
        self.walk.at(path, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.walk.path = self.walk.path.parent();
        Ok(())
    }
}
